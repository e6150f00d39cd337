import AsyncHTTPClient
import Hummingbird
import NIOCore
import PrismShared

/// Relays an upstream chat-completions SSE stream to the client event by event, as it arrives. Only whole
/// events are forwarded, so a stream cut mid-event still ends with a clean `error` event and
/// `data: [DONE]` instead of a torn line.
struct ChatStreamRelay {
    let provider: String
    /// Set when the answer is to be stored: it rewrites each chunk and is handed to `store` before the
    /// final `[DONE]`, so an answer the client saw complete is already kept.
    var capture: ChatCompletionCapture?
    var store: (@Sendable (ChatCompletionCapture) async throws -> Void)?

    init(provider: String, capture: ChatCompletionCapture? = nil, store: (@Sendable (ChatCompletionCapture) async throws -> Void)? = nil) {
        self.provider = provider
        self.capture = capture
        self.store = store
    }

    mutating func relay(_ body: HTTPClientResponse.Body, to writer: inout any ResponseBodyWriter) async throws {
        var parser = ServerSentEventParser()
        do {
            for try await chunk in body {
                var out = ByteBuffer()
                for event in parser.feed(chunk) { append(event, to: &out) }
                if out.readableBytes > 0 { try await writer.write(out) }
            }
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { throw CancellationError() }
            var out = ByteBuffer()
            GatewayError.upstream(AttemptFailure.midStream(provider: provider, error)).writeFrame(to: &out)
            out.writeString("data: [DONE]\n\n")
            try await writer.write(out)
            return
        }
        var out = ByteBuffer()
        if let last = parser.finish() { append(last, to: &out) }
        if let capture, let store { try await store(capture) }
        out.writeString("data: [DONE]\n\n")
        try await writer.write(out)
    }

    /// Forwards one event; `[DONE]` is held back and written once, at the very end.
    private mutating func append(_ event: ServerSentEvent, to out: inout ByteBuffer) {
        guard event.data != "[DONE]" else { return }
        let data = capture?.rewrite(chunk: event.data) ?? event.data
        ServerSentEvent(event: event.event, data: data).write(to: &out)
    }
}
