import Foundation

/// An upstream answer that went wrong after it had begun (SPEC §9): `message` is the whole sentence the
/// client reads — what happened, after how much, and what to do.
struct UpstreamStreamError: Error, Sendable {
    let message: String
    /// The stream fell silent for too long (worded as a 504).
    var isTimeout = false

    /// The upstream sent an error object inside its answer; `detail` is its message, already redacted.
    static func reported(_ provider: String, _ detail: String) -> UpstreamStreamError {
        UpstreamStreamError(message: "Provider \(provider) reported an error in the middle of the answer: \(sentence(detail))")
    }

    static func notJSON(_ provider: String, after chunks: Int) -> UpstreamStreamError {
        UpstreamStreamError(message: "Provider \(provider) sent an event that is not JSON after \(chunks) chunks, so the answer is cut short; ask again.")
    }

    static func closed(_ provider: String, after chunks: Int) -> UpstreamStreamError {
        UpstreamStreamError(message: "Provider \(provider) closed the stream after \(chunks) chunks, so the answer is cut short; ask again to get the rest.")
    }

    static func silent(_ provider: String, seconds: Int) -> UpstreamStreamError {
        UpstreamStreamError(
            message: "Provider \(provider) sent nothing for \(seconds) s, so the stream was ended (STREAM_IDLE_TIMEOUT_SECONDS); ask again, or raise that limit.",
            isTimeout: true)
    }

    /// `text` ending in one full stop.
    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasSuffix(".") || trimmed.hasSuffix("!") || trimmed.hasSuffix("?") ? trimmed : trimmed + "."
    }
}
