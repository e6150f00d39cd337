import Foundation
import Media
import Storage

/// The progress lines of a media job, in Prism's words (SPEC §5): its state, the provider's own status word
/// only when it says more, queue position and percent when known, elapsed seconds and an estimate of the
/// time left — or, past the estimate, that it is taking longer than usual.
enum ProgressLine {
    static func submitted(to model: String) -> String {
        "submitted to \(model)…"
    }

    /// The first line of a request that attached to an earlier, undelivered job.
    static func pickingUp(_ job: JobRecord, now: Double = Date().timeIntervalSince1970) -> String {
        let seconds = Int(job.createdAt) % 86_400
        let day = Int(job.createdAt) / 86_400 == Int(now) / 86_400 ? "" : " yesterday"
        return "picking up the job you started\(day) at \(String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)) UTC"
    }

    static func line(for job: JobRecord, typical: Double?, now: Double = Date().timeIntervalSince1970) -> String {
        let elapsed = Int(now - (job.startedAt ?? job.createdAt))
        switch job.status {
        case .queued, .running: return state(of: job) + ", \(elapsed) s elapsed" + estimate(elapsed: elapsed, typical: typical)
        case .succeeded: return "succeeded in \(elapsed) s"
        case .failed, .cancelled: return failure(job)
        }
    }

    /// What a running job's line says apart from the elapsed time: lines with the same gist repeat each other.
    /// A countdown ("about 35 s left") is news each time; "taking longer than usual" is said once.
    static func gist(of job: JobRecord, typical: Double?, now: Double = Date().timeIntervalSince1970) -> String {
        let elapsed = Int(now - (job.startedAt ?? job.createdAt))
        return state(of: job) + estimate(elapsed: elapsed, typical: typical)
    }

    /// The sentence of a job that failed or was cancelled, the same in the last line and in the error: the
    /// reason once, then the job id in parentheses, one full stop.
    static func failure(_ job: JobRecord) -> String {
        var reason = (job.errorMessage ?? (job.status == .cancelled ? "the job was cancelled" : "the provider failed"))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        while reason.hasSuffix(".") { reason.removeLast() }
        return reason.prefix(1).uppercased() + reason.dropFirst() + " (job \(job.id))."
    }

    /// `queued` or `running`, the provider's word when it adds something, queue position, percent.
    private static func state(of job: JobRecord) -> String {
        var text = job.status.rawValue
        let word = job.message.trimmingCharacters(in: .whitespaces)
        if word.hasPrefix("position ") {
            text += ", \(word)"
        } else if !word.isEmpty, !saysNothingMore(word, than: job.status) {
            text += " (\(word))"
        }
        // "running (Generating: 40% done), 40%" would say the percentage twice.
        if let progress = job.progress, !text.contains("\(Int(progress * 100))%") { text += ", \(Int(progress * 100))%" }
        return text
    }

    private static func estimate(elapsed: Int, typical: Double?) -> String {
        guard let typical else { return "" }
        let usual = Int(typical.rounded())
        return usual > elapsed ? ", about \(usual - elapsed) s left" : ", taking longer than usual (usually about \(usual) s)"
    }

    /// Provider words that only repeat Prism's state ("running (generating)" says nothing more).
    private static func saysNothingMore(_ word: String, than status: JobRecord.Status) -> Bool {
        let normal = word.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        switch status {
        case .running: return ["running", "processing", "in progress", "inprogress", "generating", "started", "active", "working"].contains(normal)
        case .queued: return ["queued", "pending", "submitted", "in queue", "queueing", "waiting", "preparing", "starting", "created", "accepted"].contains(normal)
        default: return normal == status.rawValue
        }
    }
}

/// The lines one follower of a job is sent: none that repeats the one before it apart from the time.
struct ProgressLines {
    let typical: Double?
    private var lastGist: String?

    init(typical: Double?) {
        self.typical = typical
    }

    /// The line for the job as it is now (after a change, or in a quiet moment), if it says something new.
    mutating func next(_ job: JobRecord) -> String? {
        let now = Date().timeIntervalSince1970
        let gist = ProgressLine.gist(of: job, typical: typical, now: now)
        guard gist != lastGist else { return nil }
        lastGist = gist
        return ProgressLine.line(for: job, typical: typical, now: now)
    }

    func final(_ job: JobRecord) -> String {
        ProgressLine.line(for: job, typical: typical)
    }
}
