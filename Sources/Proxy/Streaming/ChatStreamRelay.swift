import AsyncHTTPClient
import Hummingbird
import NIOCore
import PrismShared

/// Relays an upstream chat-completions SSE stream to the client event by event, as it arrives. Only whole
/// events are forwarded, so a stream cut mid-event still ends with a clean `error` event and
/// `data: [DONE]` instead of a torn line.
struct ChatStreamRelay {
    let provider: String

    func relay(_ body: HTTPClientResponse.Body, to writer: inout any ResponseBodyWriter) async throws {
        var parser = ServerSentEventParser()
        var sawDone = false
        do {
            for try await chunk in body {
                var out = ByteBuffer()
                for event in parser.feed(chunk) { append(event, to: &out, sawDone: &sawDone) }
                if out.readableBytes > 0 { try await writer.write(out) }
            }
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { throw CancellationError() }
            var out = ByteBuffer()
            let failure = AttemptFailure.describe(error)
            GatewayError.upstream("Provider `\(provider)` \(failure) in the middle of the answer, so it is cut short; ask again to get the rest.").writeFrame(to: &out)
            out.writeString("data: [DONE]\n\n")
            try await writer.write(out)
            return
        }
        var out = ByteBuffer()
        if let last = parser.finish() { append(last, to: &out, sawDone: &sawDone) }
        if !sawDone { out.writeString("data: [DONE]\n\n") }
        if out.readableBytes > 0 { try await writer.write(out) }
    }

    private func append(_ event: ServerSentEvent, to out: inout ByteBuffer, sawDone: inout Bool) {
        if event.data == "[DONE]" {
            guard !sawDone else { return }
            sawDone = true
        }
        ServerSentEvent(event: event.event, data: event.data).write(to: &out)
    }
}
