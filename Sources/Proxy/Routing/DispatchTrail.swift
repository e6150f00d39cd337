import Foundation

/// What happened to one request's targets while the dispatcher worked through them, for the one sentence
/// the client gets when none answered (SPEC §3, §12).
struct DispatchTrail {
    /// Why a target was passed over without an attempt.
    enum Skip {
        case noKey(String)
        case open(secondsUntilTrial: Int?)
        case cooling(seconds: Int?)
    }

    private(set) var attempts = 0
    private(set) var targetsTried = 0
    private(set) var lastFailure: (target: DispatchPlan.Target, failure: AttemptFailure, keyVariable: String)?
    private var notes: [String] = []
    private var skippedForCapacity = false
    private var attemptsAtTarget = 0

    mutating func startTarget() {
        targetsTried += 1
        attemptsAtTarget = 0
    }

    mutating func countAttempt() {
        attempts += 1
        attemptsAtTarget += 1
    }

    mutating func failed(_ target: DispatchPlan.Target, _ failure: AttemptFailure, keyVariable: String) {
        lastFailure = (target, failure, keyVariable)
    }

    /// Closes a target that did not answer, with what its last attempt got.
    mutating func gaveUp(on target: DispatchPlan.Target) {
        guard let last = lastFailure, last.target == target else { return }
        let attempts = attemptsAtTarget == 1 ? "1 attempt" : "\(attemptsAtTarget) attempts"
        let what: String
        switch last.failure {
        case .status(let code, let reason, let detail, _): what = "answered \(code) \(reason)\(detail.map { " (\($0.trimmingCharacters(in: .init(charactersIn: "."))))" } ?? "")"
        case .transport, .invalid: what = last.failure.summary
        }
        notes.append("\(target.name) \(what) after \(attempts)")
    }

    mutating func skip(_ target: DispatchPlan.Target, _ reason: Skip) {
        switch reason {
        case .noKey(let how): notes.append("\(target.name) was skipped because it has no key (\(how))")
        case .open(let seconds):
            skippedForCapacity = true
            notes.append("\(target.name) was skipped because its provider failed repeatedly and is paused (circuit open\(seconds.map { ", next trial in \($0) s" } ?? ""))")
        case .cooling(let seconds):
            skippedForCapacity = true
            notes.append("\(target.name) was skipped because every key is cooling down after rate limits\(seconds.map { " (retry in \($0) s)" } ?? "")")
        }
    }

    /// The error for a route none of whose targets answered.
    func routeError(_ route: RouteDefinition) -> GatewayError {
        let detail = notes.joined(separator: "; ")
        guard let last = lastFailure else {
            // Nothing was attempted: every target was skipped.
            let message = "The route \(route.name) has no usable target right now: \(detail). Set the missing keys or wait for the paused providers, then try again."
            return skippedForCapacity
                ? GatewayError(status: 503, code: "no_usable_target", message: message)
                : .notFound(message, code: "model_not_found", param: "model")
        }
        var error = last.failure.finalError(provider: last.target.provider, attempts: attempts, keyVariable: last.keyVariable)
        error.message = "The route \(route.name) could not answer after \(attempts == 1 ? "1 attempt" : "\(attempts) attempts"): \(detail). Try again later, or check those providers."
        return error
    }
}
