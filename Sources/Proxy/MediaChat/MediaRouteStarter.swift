import Foundation
import Media

/// Starts the job of a media route (SPEC §12) at the first target that takes it: targets whose circuit is
/// open are passed over, and a target that cannot start the job (no key, unknown model, the provider
/// refused or failed before Prism holds a job) gives way to the next. Once a job has started it stays with
/// its provider: the route does not move it.
struct MediaRouteStarter {
    let planner: RoutePlanner
    let maxTargets: Int

    func start<Started>(
        _ route: RouteDefinition, decision: DecisionRecord?,
        _ start: (MediaFamily, String) async throws -> Started
    ) async throws -> Started {
        decision?.routed(through: route.name)
        var notes: [String] = []
        var lastError: GatewayError?
        var tried = 0
        var skippedOpen = false
        for target in planner.ordered(route, estimate: TokenEstimate(input: 0, output: 0)) {
            guard tried < maxTargets else { break }
            let breaker = planner.breakerKey(target)
            guard planner.breakers.admit(breaker) else {
                skippedOpen = true
                notes.append("\(target.model) was skipped because its provider failed repeatedly and is paused (circuit open)")
                continue
            }
            guard let slash = target.model.firstIndex(of: "/"), let family = MediaFamily(rawValue: String(target.model[..<slash])) else { continue }
            let name = String(target.model[target.model.index(after: slash)...])
            tried += 1
            decision?.attempting(provider: breaker, model: MediaRegistry.upstreamModel(name))
            do {
                return try await start(family, name)
            } catch let error as GatewayError where error.status == 404 || error.status == 429 || error.status >= 500 {
                if error.status != 404 { planner.breakers.record(breaker, succeeded: false) }
                notes.append("\(target.model) could not start the job (\(error.message.trimmingCharacters(in: .init(charactersIn: "."))))")
                lastError = error
            }
        }
        let detail = notes.joined(separator: "; ")
        guard var error = lastError else {
            let message = "The route \(route.name) has no usable target right now: \(detail). Wait for the paused providers, then try again."
            throw skippedOpen ? GatewayError(status: 503, code: "no_usable_target", message: message) : GatewayError.notFound(message, code: "model_not_found", param: "model")
        }
        error.message = "The route \(route.name) could not start the job at any target: \(detail). Set the missing keys, or try again later."
        throw error
    }
}
