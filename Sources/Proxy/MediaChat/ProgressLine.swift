import Foundation
import Media
import Storage

/// The progress lines of a media job, in Prism's words (SPEC §5): its state, the provider's own status
/// word when it differs, percent when known, elapsed seconds and an estimate of the time left.
enum ProgressLine {
    static func submitted(to model: String) -> String {
        "submitted to \(model)…"
    }

    static func line(for job: JobRecord, typical: Double?, now: Double = Date().timeIntervalSince1970) -> String {
        let elapsed = Int(now - (job.startedAt ?? job.createdAt))
        var line = job.status.rawValue
        if job.status == .running || job.status == .queued {
            if job.message != job.status.rawValue, !job.message.isEmpty { line += " (\(job.message))" }
            if let progress = job.progress { line += ", \(Int(progress * 100))%" }
            line += ", \(elapsed) s elapsed"
            if let typical {
                let left = Int(typical.rounded()) - elapsed
                line += left > 0 ? ", about \(left) s left" : ", should finish soon"
            }
        } else if job.status == .succeeded {
            line += " in \(elapsed) s"
        } else if let reason = job.errorMessage {
            line += ": \(reason)"
        }
        return line
    }
}
