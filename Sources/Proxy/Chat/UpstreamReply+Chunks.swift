import AsyncHTTPClient
import NIOCore
import PrismShared

extension UpstreamReply {
    /// Calls `body` with each step of the answer as it arrives, from an SSE stream or — when an upstream
    /// answered a streaming request with one JSON completion — from that completion.
    func forEachChunk(_ consume: (ChatChunk) async throws -> Void) async throws {
        try await chunks { chunk in
            if let usage = chunk.usage, let (meter, provider) = meter { meter.tokens(provider, input: usage.input, output: usage.output) }
            try await consume(chunk)
        }
    }

    private func chunks(_ body: (ChatChunk) async throws -> Void) async throws {
        if contentType?.contains("application/json") == true {
            let bytes = try await self.body.collect(upTo: 64 << 20)
            let json = try JSONValue.parse(bytes.readableBytesView)
            if let message = json["error"]?["message"]?.stringValue { throw UpstreamStreamError(message: message) }
            try await body(ChatChunk(chunk: json, deltaKey: "message"))
            return
        }
        var parser = ServerSentEventParser()
        func handle(_ event: ServerSentEvent) async throws {
            guard event.data != "[DONE]", let json = try? JSONValue.parse(event.data) else { return }
            if let error = json["error"], !error.isNull {
                throw UpstreamStreamError(message: error["message"]?.stringValue ?? error.serialized())
            }
            let chunk = ChatChunk(chunk: json)
            if !chunk.isEmpty { try await body(chunk) }
        }
        for try await bytes in self.body {
            for event in parser.feed(bytes) { try await handle(event) }
        }
        if let last = parser.finish() { try await handle(last) }
    }
}
