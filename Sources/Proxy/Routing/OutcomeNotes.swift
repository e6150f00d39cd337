import NIOCore
import Storage
import Synchronization

/// What the request log needs of a request beyond its usage notes: each upstream attempt (provider, masked
/// key, status, duration, error) and the error code it ended with. Noted by `TargetAttempt` and the error
/// middleware while the request runs; read once when it ends.
final class OutcomeNotes: Sendable {
    struct State: Sendable {
        var attempts: [RequestAttempt] = []
        var errorCode: String?
        var errorMessage: String?
        var requestBody: String?
        var responseBody: String?
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    /// One upstream attempt ended: `status` is nil when no answer came.
    func attempted(provider: String, key: String, status: Int?, since started: ContinuousClock.Instant, error: String?) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let attempt = RequestAttempt(provider: provider, key: Self.mask(key), status: status, durationMs: milliseconds, error: error)
        state.withLock { $0.attempts.append(attempt) }
    }

    /// The SPEC §9 code and sentence (already redacted) of the error answer the request got.
    func failed(code: String, message: String) {
        state.withLock { state in
            state.errorCode = code
            state.errorMessage = message
        }
    }

    /// The request's body, kept for the log with `LOG_BODIES=true` (its first `BodyCapture.limit` bytes).
    func body(_ text: String) {
        let kept = text.utf8.count > BodyCapture.limit ? String(decoding: text.utf8.prefix(BodyCapture.limit), as: UTF8.self) : text
        state.withLock { $0.requestBody = kept }
    }

    /// The answer's body (its first bytes), kept for the log with `LOG_BODIES=true`.
    func answered(body text: String) {
        state.withLock { $0.responseBody = text }
    }

    /// `gsk_…ood1`: the key's kind and last four characters, enough to tell keys apart, never to use one.
    static func mask(_ key: String) -> String {
        guard !key.isEmpty else { return "(none)" }
        guard key.count > 12 else { return "…" }
        return "\(key.prefix(4))…\(key.suffix(4))"
    }
}

/// The first `limit` bytes of an answer as they are written, for the request log with `LOG_BODIES=true`.
final class BodyCapture: Sendable {
    static let limit = 64 << 10
    private let bytes = Mutex(ByteBuffer())

    func add(_ buffer: ByteBuffer) {
        bytes.withLock { kept in
            guard kept.readableBytes < Self.limit else { return }
            var part = buffer.getSlice(at: buffer.readerIndex, length: min(buffer.readableBytes, Self.limit - kept.readableBytes)) ?? ByteBuffer()
            kept.writeBuffer(&part)
        }
    }

    var text: String { bytes.withLock { String(buffer: $0) } }
}
