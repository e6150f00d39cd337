import AsyncHTTPClient
import Hummingbird
import NIOCore
import PrismShared

/// Relays an upstream chat-completions SSE stream to the client event by event, as it arrives. Only whole
/// events that are JSON objects are forwarded (checked by a scanner, without building a tree); anything
/// else — junk, an error object, a cut or silent stream — ends the stream with one SPEC §9 `error` event
/// rebuilt by Prism (never the upstream's bytes, which may echo a key) and `data: [DONE]`.
struct ChatStreamRelay {
    /// Set when the answer is to be stored: it rewrites each chunk and is handed to `store` before the
    /// final `[DONE]`, so an answer the client saw complete is already kept.
    var capture: ChatCompletionCapture?
    var store: (@Sendable (ChatCompletionCapture) async throws -> Void)?
    /// Reads the usage chunk (SPEC §13): notes its tokens for the ledger and answers it with its `cost`
    /// added when priced.
    let pricing: (@Sendable (JSONValue) -> JSONValue?)?
    /// Whether the client asked for the usage chunk: Prism always asks the upstream for it, and keeps it
    /// from a client that did not.
    let clientWantsUsage: Bool

    init(
        capture: ChatCompletionCapture? = nil, store: (@Sendable (ChatCompletionCapture) async throws -> Void)? = nil, pricing: (@Sendable (JSONValue) -> JSONValue?)? = nil,
        clientWantsUsage: Bool = true
    ) {
        self.capture = capture
        self.store = store
        self.pricing = pricing
        self.clientWantsUsage = clientWantsUsage
    }

    mutating func relay(_ reply: UpstreamReply, to writer: inout any ResponseBodyWriter) async throws {
        var forwarded = 0
        var finished = false
        var failure: UpstreamStreamError?
        // The events an upstream sent together reach the client in one write; what is left when the stream
        // ends (events before a [DONE] or a bad event of the same batch) goes out with the last frame.
        var out = ByteBuffer()
        do {
            events: for try await item in reply.events() {
                switch item {
                case .keepAlive:
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .events(let batch, let terminated):
                    for event in batch {
                        if event.data == "[DONE]" {
                            finished = true
                            break events
                        }
                        if let problem = Self.problem(with: event.data, terminated: terminated, reply: reply, after: forwarded) {
                            failure = problem
                            break events
                        }
                        if !finished { finished = Self.saysFinished(event.data) }
                        var data = event.data
                        if UTF8Search.contains("\"usage\"", in: data), var json = try? JSONValue.parse(data), let object = json["usage"], object.objectValue != nil {
                            let priced = pricing?(object)
                            // The usage-only chunk, which this client did not ask for.
                            if !clientWantsUsage, json["choices"]?.arrayValue?.isEmpty ?? true { continue }
                            if let priced {
                                json["usage"] = priced
                                data = json.serialized()
                            }
                        }
                        data = capture?.rewrite(chunk: data) ?? data
                        ServerSentEvent(event: event.event, data: data).write(to: &out)
                        forwarded += 1
                    }
                    try await writer.write(out)
                    out.clear()
                }
            }
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { throw CancellationError() }
            failure = error as? UpstreamStreamError ?? .closed(reply.provider, after: forwarded)
        }
        if failure == nil, !finished { failure = .closed(reply.provider, after: forwarded) }
        if let failure {
            let error = failure.isTimeout ? GatewayError.timeout(failure.message) : GatewayError.upstream(failure.message)
            error.writeFrame(to: &out)
        } else if let capture, let store {
            try await store(capture)
        }
        out.writeString("data: [DONE]\n\n")
        try await writer.write(out)
    }

    /// Why an event must not be relayed: it is not a JSON object, or it is the upstream's error object.
    private static func problem(with data: String, terminated: Bool, reply: UpstreamReply, after forwarded: Int) -> UpstreamStreamError? {
        guard data.utf8.first(where: { $0 > 0x20 }) == UInt8(ascii: "{"), JSONValidator.isValid(data) else {
            return terminated ? .notJSON(reply.provider, after: forwarded) : .closed(reply.provider, after: forwarded)
        }
        // Only an event that names `error` is parsed whole; ordinary chunks stay a byte scan.
        guard UTF8Search.contains("\"error\"", in: data), let json = try? JSONValue.parse(data), let error = json["error"], !error.isNull else { return nil }
        return .reported(reply.provider, reply.redactor.redact(UpstreamReply.errorText(error)))
    }

    /// Whether a chunk carries a `finish_reason` (a stream that ends after one is complete without `[DONE]`).
    private static func saysFinished(_ data: String) -> Bool {
        guard let end = UTF8Search.end(of: "\"finish_reason\"", in: data) else { return false }
        let rest = data.utf8.dropFirst(end).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ":") }
        return !rest.starts(with: "null".utf8)
    }
}
