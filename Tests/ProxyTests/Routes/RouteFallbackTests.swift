import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

@Suite("Routes fall back between targets before the first byte, and only then")
struct RouteFallbackTests {
    static let contextLength: FakeUpstream.Reply = { _, _ in
        OpenAIWire.json(
            ["error": ["message": "This model's maximum context length is 8192 tokens. Please reduce the length of the messages.", "code": "context_length_exceeded"]],
            status: .badRequest)
    }

    @Test("each failure kind of the first target falls back to the second", arguments: [
        ("401", HTTPResponse.Status.unauthorized), ("402", .init(code: 402)), ("403", .forbidden), ("429", .tooManyRequests),
        ("500", .internalServerError), ("503", .serviceUnavailable),
    ])
    func statusFallback(name: String, status: HTTPResponse.Status) async throws {
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(status, "failing with \(name)") }, second: RouteWorld.answer("from cerebras")) { client, first, second in
            for stream in [false, true] {
                let response = try await client.postJSON("/v1/chat/completions", chatBody("fast", stream: stream))
                #expect(response.status == .ok, "\(name): \(response.text)")
                #expect(response.text.contains("from cerebras"))
                #expect(response.headers[.prismProvider] == "cerebras")
                #expect(response.headers[.prismModel] == "second-model")
                #expect(response.headers[.prismRoute] == "fast")
                // After a 401, 403 or 429 groq's only key rests, so the second request skips groq without an attempt.
                let triedGroq = !stream || ![401, 403, 429].contains(status.code)
                #expect(response.headers[.prismAttempts] == (triedGroq ? "2" : "1"))
            }
            #expect(await first.requests.first?.body?["model"] == "first-model")
            #expect(await second.requests.first?.body?["model"] == "second-model")
        }
    }

    @Test("a context-length 400 falls back; a plain 400 is the client's and does not")
    func badRequests() async throws {
        try await RouteWorld.twoProviders(first: Self.contextLength, second: RouteWorld.answer("roomier")) { client, _, _ in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("route/fast"))
            #expect(response.status == .ok && response.text.contains("roomier"))
        }
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(.badRequest, "temperature must be at most 2") }, second: RouteWorld.answer("never")) { client, _, second in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            #expect(response.status == .badRequest)
            #expect(response.json?["error"]?["message"]?.stringValue?.contains("temperature must be at most 2") == true)
            #expect(response.headers[.prismProvider] == "groq" && response.headers[.prismAttempts] == "1")
            #expect(await second.requests.isEmpty)
        }
    }

    @Test("a connection failure falls back")
    func connectionFailure() async throws {
        try await FakeUpstream.run(reply: RouteWorld.answer("reached")) { base, _ in
            let env = ["GROQ_API_KEY": "k", "GROQ_BASE_URL": "http://127.0.0.1:1/v1", "CEREBRAS_API_KEY": "k2", "CEREBRAS_BASE_URL": base]
            try await RouteWorld.run(yaml: "routes:\n  fast:\n    targets: [groq/a, cerebras/b]\n", env: env) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("fast", stream: true))
                #expect(response.status == .ok && response.text.contains("reached"))
                #expect(response.headers[.prismProvider] == "cerebras")
            }
        }
    }

    @Test("a first-byte timeout falls back")
    func timeout() async throws {
        let gate = Gate()
        try await RouteWorld.twoProviders(
            first: { _, _ in
                await gate.wait()
                return OpenAIWire.json(OpenAIWire.completion("too late"))
            },
            second: RouteWorld.answer("in time"), env: ["UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS": "1"]
        ) { client, _, _ in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            gate.open()
            #expect(response.status == .ok && response.text.contains("in time"))
        }
    }

    @Test("a stream that breaks after its first chunk is not answered twice: one answer, then the error")
    func noDuplicateStream() async throws {
        let events = OpenAIWire.streamEvents(["Hello", " world"])
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.sse(events, failAfter: 2) }, second: RouteWorld.answer("SECOND ANSWER")) { client, _, second in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast", stream: true))
            #expect(response.status == .ok)
            #expect(response.headers[.prismProvider] == "groq")
            #expect(response.text.contains("Hello"))
            #expect(!response.text.contains("SECOND ANSWER"))
            #expect(response.sseData.filter { $0.contains("\"error\"") }.count == 1)
            #expect(await second.requests.isEmpty)
        }
    }

    @Test("when every target fails the client gets one error naming each target and what it answered")
    func allFail() async throws {
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(.serviceUnavailable, "groq is down") }, second: { _, _ in OpenAIWire.error(.internalServerError, "cerebras broke") }) { client, _, _ in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast", stream: true))
            #expect(response.status == .badGateway)
            let message = try #require(response.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("The route fast could not answer after 2 attempts"))
            #expect(message.contains("groq/first-model answered 503") && message.contains("cerebras/second-model answered 500"))
            #expect(response.json?["error"]?["type"] == "upstream_error")
            #expect(response.headers[.prismRoute] == "fast" && response.headers[.prismAttempts] == "2")
        }
    }

    @Test("ROUTE_MAX_TARGETS bounds the targets tried")
    func maxTargets() async throws {
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }, second: RouteWorld.answer("unreached"), env: ["ROUTE_MAX_TARGETS": "1"]) { client, _, second in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            #expect(response.status == .badGateway)
            #expect(await second.requests.isEmpty)
        }
    }

    @Test("a route whose every target is keyless answers 404 naming each target and the variable to set")
    func allKeyless() async throws {
        try await RouteWorld.run(yaml: "routes:\n  fast:\n    targets: [groq/a, cerebras/b]\n", env: [:]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            #expect(response.status == .notFound)
            let message = try #require(response.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("groq/a was skipped because it has no key (set GROQ_API_KEY)"))
            #expect(message.contains("cerebras/b was skipped because it has no key (set CEREBRAS_API_KEY)"))
            #expect(response.headers[.prismRoute] == "fast" && response.headers[.prismAttempts] == "0")
            #expect(response.headers[.prismRequestID] != nil)
        }
    }

    @Test("route/ with a name that is not a route is a 404 listing the routes")
    func unknownRoute() async throws {
        try await RouteWorld.run(yaml: "routes:\n  fast:\n    targets: [groq/a]\n", env: ["GROQ_API_KEY": "k"]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("route/slow"))
            #expect(response.status == .notFound)
            #expect(response.json?["error"]?["message"] == "There is no route slow: the routes are fast.")
        }
    }

    @Test("the responses and messages surfaces follow routes too")
    func otherSurfaces() async throws {
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }, second: RouteWorld.answer("via route")) { client, _, _ in
            let responses = try await client.postJSON("/v1/responses", ["model": "fast", "input": "Hi", "store": false])
            #expect(responses.status == .ok && responses.text.contains("via route"))
            #expect(responses.headers[.prismProvider] == "cerebras" && responses.headers[.prismRoute] == "fast")
            let messages = try await client.postJSON("/v1/messages", ["model": "fast", "max_tokens": 20, "messages": [["role": "user", "content": "Hi"]]])
            #expect(messages.status == .ok && messages.text.contains("via route"))
            #expect(messages.headers[.prismProvider] == "cerebras")
        }
    }
}
