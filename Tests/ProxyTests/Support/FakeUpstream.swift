import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PrismShared

/// What a fake upstream received.
struct RecordedRequest: Sendable {
    let method: String
    let path: String
    /// The query string, without `?`.
    let query: String?
    let headers: HTTPFields
    let body: JSONValue?
    /// `host:port` the request was sent to.
    let authority: String?
    /// The body as text (lossy), for bodies that are not JSON.
    let text: String

    var bearer: String? {
        headers[.authorization].map { String($0.dropFirst("Bearer ".count)) }
    }
}

/// Everything a fake upstream received and noticed, in order.
actor UpstreamRecorder {
    private(set) var requests: [RecordedRequest] = []
    /// Set when a streaming reply could not be written because Prism went away.
    private(set) var sawDisconnect = false

    func record(_ request: RecordedRequest) { requests.append(request) }
    func noteDisconnect() { sawDisconnect = true }
    var bearers: [String?] { requests.map(\.bearer) }
}

/// A real HTTP server on 127.0.0.1 that plays an upstream provider; `reply` decides each answer.
enum FakeUpstream {
    typealias Reply = @Sendable (RecordedRequest, UpstreamRecorder) async throws -> Response

    static func run<Value: Sendable>(
        reply: @escaping Reply,
        _ body: @Sendable (_ baseURL: String, _ recorder: UpstreamRecorder) async throws -> Value
    ) async throws -> Value {
        let recorder = UpstreamRecorder()
        let router = Router()
        router.on("**", method: .post) { request, context in try await handle(request, context, recorder, reply) }
        router.on("**", method: .get) { request, context in try await handle(request, context, recorder, reply) }
        router.on("**", method: .delete) { request, context in try await handle(request, context, recorder, reply) }
        router.on("**", method: .put) { request, context in try await handle(request, context, recorder, reply) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/v1", recorder)
        }
    }

    private static func handle(
        _ request: Request, _ context: BasicRequestContext, _ recorder: UpstreamRecorder, _ reply: Reply
    ) async throws -> Response {
        var request = request
        let bytes = try await request.collectBody(upTo: 64 << 20)
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: request.headers,
            body: bytes.readableBytes > 0 ? try? JSONValue.parse(bytes.readableBytesView) : nil, authority: request.head.authority,
            text: String(decoding: bytes.readableBytesView, as: UTF8.self))
        await recorder.record(recorded)
        return try await reply(recorded, recorder)
    }
}

/// Answers in the OpenAI chat-completions wire format.
enum OpenAIWire {
    static func completion(_ content: String, model: String = "fake-model", reasoning: String? = nil) -> JSONValue {
        var message: JSONValue = ["role": "assistant", "content": .string(content)]
        if let reasoning { message["reasoning_content"] = .string(reasoning) }
        return [
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1_700_000_000, "model": .string(model),
            "choices": [["index": 0, "message": message, "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7],
        ]
    }

    static func chunk(_ delta: JSONValue, finish: String? = nil) -> JSONValue {
        [
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-model",
            "choices": [["index": 0, "delta": delta, "finish_reason": JSONValue(finish)]],
        ]
    }

    /// A stream that says `words` one chunk each, then stops.
    static func streamEvents(_ words: [String], usage: Bool = false) -> [String] {
        var events = [chunk(["role": "assistant", "content": ""]).serialized()]
        events += words.map { chunk(["content": .string($0)]).serialized() }
        events.append(chunk([:], finish: "stop").serialized())
        if usage {
            let usage: JSONValue = ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "choices": [], "usage": ["prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7]]
            events.append(usage.serialized())
        }
        events.append("[DONE]")
        return events
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: value.byteBuffer()))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(["error": ["message": .string(message), "type": "fake_error"]], status: status, headers: headers)
    }

    /// An SSE reply; `pause` between events lets a test watch them arrive one by one.
    static func sse(_ events: [String], pause: Duration = .zero, recorder: UpstreamRecorder? = nil, failAfter: Int? = nil) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            do {
                for (index, event) in events.enumerated() {
                    if let failAfter, index == failAfter {
                        // Half an event, then the end: a torn upstream stream. Ended cleanly rather than by an
                        // abort, whose reset could drop the events before it still unread (a race under load).
                        try await writer.write(ByteBuffer(string: "data: {\"choices\":[{\"delta\":{\"content\":\"to"))
                        try await writer.finish(nil)
                        return
                    }
                    try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                    if pause > .zero { try await Task.sleep(for: pause) }
                }
                try await writer.finish(nil)
            } catch {
                await recorder?.noteDisconnect()
                throw error
            }
        })
    }

    static func models(_ ids: [String]) -> Response {
        json(["object": "list", "data": .array(ids.map { ["id": .string($0), "object": "model"] })])
    }
}
