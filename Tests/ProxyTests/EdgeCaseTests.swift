import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import PrismShared
import Synchronization
import Testing
@testable import Proxy

@Suite("Smaller leaks and edges found by attacking Prism")
struct EdgeCaseTests {
    @Test("a huge or unprintable model name stays out of the decision headers, never a header line too long to read")
    func hugeModelName() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "DEFAULT_PROVIDER": "groq"]) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody(String(repeating: "x", count: 100_000) + "\u{7}é"))
                #expect(reply.status == .ok)
                #expect(reply.headers[.prismModel] == nil && reply.headers[.prismProvider] == "groq")
            }
        }
    }

    @Test("a list cursor naming another principal's id answers like an unknown cursor")
    func foreignCursor() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "PASSWORD": "admin", "API_KEYS": "user-a,user-b"]) { client in
                let response = try #require(try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "Hi"], key: "user-a").json)
                let chat = try #require(try await client.postJSON("/v1/chat/completions", chatBody("groq/x", extra: ["store": true]), key: "user-a").json)
                let foreign = try #require(response["id"]?.stringValue)
                let foreignChat = try #require(chat["id"]?.stringValue)
                for uri in ["/v1/responses?after=\(foreign)", "/v1/conversations?after=\(foreign)", "/v1/chat/completions?after=\(foreignChat)"] {
                    let answer = try await client.get(uri, key: "user-b")
                    #expect(answer.status == .badRequest, "\(uri)")
                    #expect(answer.json?["error"]?["code"] == "invalid_cursor")
                    #expect(try await client.get(uri, key: "user-a").status == .ok)
                }
            }
        }
    }

    @Test("numeric fields out of range and an empty model after a provider prefix are 400s naming the field", arguments: [
        ("/v1/chat/completions", ["temperature": 3] as JSONValue, "temperature"),
        ("/v1/chat/completions", ["top_p": -0.5], "top_p"),
        ("/v1/chat/completions", ["n": 0], "n"),
        ("/v1/chat/completions", ["max_tokens": "many"], "max_tokens"),
        ("/v1/chat/completions", ["max_completion_tokens": 0], "max_completion_tokens"),
        ("/v1/chat/completions", ["model": "groq/"], "model"),
        ("/v1/chat/completions", ["model": "image/"], "model"),
        ("/v1/responses", ["top_p": 2], "top_p"),
        ("/v1/responses", ["model": "groq/"], "model"),
    ] as [(String, JSONValue, String)])
    func numericFields(path: String, extra: JSONValue, field: String) async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                var body: JSONValue = path == "/v1/responses" ? ["model": "groq/x", "input": "Hi"] : chatBody("groq/x")
                for (key, value) in extra.objectValue!.members { body[key] = value }
                let response = try await client.postJSON(path, body)
                #expect(response.status == .badRequest)
                #expect(response.json?["error"]?["param"] == .string(field))
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("a wrong method on a known path is 405 with Allow; an unknown path stays 404")
    func wrongMethod() async throws {
        try await TestGateway.run([:]) { client in
            let put = try await client.execute(uri: "/v1/chat/completions", method: .put) { $0 }
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, POST")
            #expect(put.json?["error"]?["code"] == "method_not_allowed")
            let media = try await client.execute(uri: "/v1/media/abc", method: .post) { $0 }
            #expect(media.status == .methodNotAllowed)
            #expect(media.headers[.allow]?.contains("DELETE") == true)
            #expect(try await client.get("/v1/nothing-here").status == .notFound)
        }
    }

    @Test("an oversized header is answered 431 with the JSON error shape")
    func oversizedHeader() async throws {
        try await TestGateway.run([:]) { client in
            let huge: HTTPFields = [HTTPField.Name("x-padding")!: String(repeating: "a", count: 100_000)]
            let response = try await client.execute(uri: "/v1/models", method: .get, headers: huge) { $0 }
            #expect(response.status.code == 431)
            #expect(response.json?["error"]?["code"] == "headers_too_large")
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test("/health answers a JSON status")
    func health() async throws {
        try await TestGateway.run([:]) { client in
            let response = try await client.get("/health")
            #expect(response.json == ["status": "ok"])
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test("a 429 relayed from the upstream keeps its Retry-After")
    func retryAfter() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.tooManyRequests, "slow down", headers: [.retryAfter: "42"]) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "42")
            }
        }
    }
}

@Suite("The guarded fetcher connects to the address it checked")
struct GuardedFetchPinningTests {
    @Test("a host re-resolving to another address (DNS rebinding) is still fetched from the checked one, resolved once")
    func noSecondResolution() async throws {
        try await FakeUpstream.run(reply: { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        }) { base, recorder in
            let port = try #require(base.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
            let lookups = Mutex(0)
            // The first answer is the test's server; any later one would point elsewhere — or, since the name
            // exists nowhere, fail: a fetcher that resolves again cannot succeed.
            let fetcher = GuardedFetcher(
                allowPrivate: false, maxBytes: 1 << 20, timeoutSeconds: 10,
                resolver: { _ in lookups.withLock { $0 += 1; return $0 == 1 ? [.ipv4(0x7F00_0001)] : [.ipv4(0x0A00_0001)] } },
                refuses: { $0 != .ipv4(0x7F00_0001) })
            let fetched = try await fetcher.fetch("http://rebind.invalid:\(port)/cat.png")
            #expect(fetched.bytes == tinyPNG)
            #expect(lookups.withLock { $0 } == 1)
            #expect(await recorder.requests.first?.authority == "rebind.invalid:\(port)")
        }
    }
}
