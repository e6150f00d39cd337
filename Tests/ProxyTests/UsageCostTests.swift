import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// What requests cost, in their answers and in the ledger (SPEC §13): `usage.cost` as OpenRouter answers it,
/// `x-prism-cost-usd` when the cost is known before the headers, media jobs as rows of their own, and a
/// key's `max_concurrent_jobs`.
@Suite("Costs in answers, media rows and concurrent jobs")
struct UsageCostTests {
    /// 1 USD per input token and 2 per output token: the fake reports 5 and 2, so 9 USD an answer.
    static let prices = "prices:\n  groq/llama: { input_per_mtok: 1000000, output_per_mtok: 2000000 }\n"
    /// A completion, or a stream with its usage chunk: 5 input and 2 output tokens either way.
    static let chatOrStream: FakeUpstream.Reply = { request, _ in
        if request.body?["stream"] == true { return OpenAIWire.sse(OpenAIWire.streamEvents(["Hi"], usage: true)) }
        return OpenAIWire.json(OpenAIWire.completion("ok"))
    }

    @Test("a non-streaming answer carries usage.cost and x-prism-cost-usd; a stream that asked for usage has it in the usage chunk")
    func costInAnswers() async throws {
        try await FakeUpstream.run(reply: Self.chatOrStream) { base, _ in
            try await RouteWorld.run(yaml: Self.prices, env: ["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let whole = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw")
                #expect(whole.json?["usage"]?["cost"]?.doubleValue == 9 && whole.json?["usage"]?["prompt_tokens"] == 5, "\(whole.text)")
                #expect(whole.headers[.prismCostUSD] == "9")
                #expect(whole.json?["choices"]?[0]?["message"]?["content"] == "ok")

                let stored = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", extra: ["store": true]), key: "pw")
                #expect(stored.json?["usage"]?["cost"]?.doubleValue == 9 && stored.json?["id"]?.stringValue?.hasPrefix("chatcmpl") == true)

                let stream = try await client.postJSON(
                    "/v1/chat/completions", chatBody("groq/llama", stream: true, extra: ["stream_options": ["include_usage": true]]), key: "pw")
                let usageChunk = try #require(stream.sseData.first { $0.contains("\"usage\"") && $0.contains("\"prompt_tokens\"") })
                #expect(try JSONValue.parse(usageChunk)["usage"]?["cost"]?.doubleValue == 9, "\(usageChunk)")
                #expect(stream.headers[.prismCostUSD] == nil)

                // An unpriced model: no cost anywhere, the answer as the upstream sent it.
                let unpriced = try await client.postJSON("/v1/chat/completions", chatBody("groq/other"), key: "pw")
                #expect(unpriced.json?["usage"]?["cost"] == nil && unpriced.headers[.prismCostUSD] == nil)
            }
        }
    }

    @Test("metadata.tags, as a list or a comma string, are recorded with the request's usage")
    func metadataTags() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let tagged: [JSONValue] = [["tags": "batch, eu"], ["tags": ["eu"]]]
                for metadata in tagged {
                    let answer = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", extra: ["metadata": metadata]), key: "pw")
                    #expect(answer.status == .ok)
                }
                @Sendable func tags() async throws -> [String] {
                    let groups = (try? await client.get("/v1/usage?group_by=tag", key: "pw").json?["data"]?.arrayValue) ?? []
                    return groups.map { "\($0["group"]?.stringValue ?? ""):\($0["requests"]?.intValue ?? 0)" }
                }
                #expect(await eventually { (try? await tags()) == ["batch:1", "eu:2"] })
            }
        }
    }

    @Test("images/generations records its body's metadata.tags with its usage, as chat does")
    func imageTags() async throws {
        let ark: FakeUpstream.Reply = { request, _ in
            if request.path == "/files/result.png" {
                return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
            }
            return OpenAIWire.json(["created": 1, "data": [["url": .string("http://\(request.authority ?? "127.0.0.1")/files/result.png")]]])
        }
        try await FakeUpstream.run(reply: ark) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k"]) { client in
                let body: JSONValue = ["model": "image/doubao", "prompt": "A red fox", "metadata": ["tags": "poster"]]
                let answer = try await client.postJSON("/v1/images/generations", body, key: "pw")
                #expect(answer.status == .ok)
                @Sendable func tags() async throws -> [String] {
                    let groups = (try? await client.get("/v1/usage?group_by=tag", key: "pw").json?["data"]?.arrayValue) ?? []
                    return groups.map { "\($0["group"]?.stringValue ?? ""):\($0["requests"]?.intValue ?? 0)" }
                }
                #expect(await eventually { (try? await tags()) == ["poster:1"] })
            }
        }
    }

    @Test("the Anthropic Messages surface is metered too, streaming or not")
    func messagesMetered() async throws {
        try await FakeUpstream.run(reply: Self.chatOrStream) { base, _ in
            try await RouteWorld.run(yaml: Self.prices, env: ["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                for stream in [false, true] {
                    let body: JSONValue = ["model": "groq/llama", "max_tokens": 50, "stream": .bool(stream), "messages": [["role": "user", "content": "Hi"]]]
                    let answer = try await client.postJSON("/v1/messages", body, key: "pw")
                    #expect(answer.status == .ok)
                }
                @Sendable func row() async throws -> JSONValue? {
                    try await client.get("/v1/usage?group_by=model", key: "pw").json?["data"]?.arrayValue?.first
                }
                #expect(await eventually { (try? await row())??["requests"] == 2 })
                let row = try #require(try await row())
                #expect(row["input_tokens"] == 10 && row["output_tokens"] == 4 && row["cost_usd"]?.doubleValue == 18, "\(row)")
            }
        }
    }

    @Test("a background response writes its row when its work ends, with the tokens its answer reported")
    func backgroundMetered() async throws {
        try await FakeUpstream.run(reply: Self.chatOrStream) { base, _ in
            try await RouteWorld.run(yaml: Self.prices, env: ["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let queued = try await client.postJSON("/v1/responses", ["model": "groq/llama", "input": "Hi", "background": true], key: "pw")
                #expect(queued.status == .ok && queued.json?["status"] == "queued", "\(queued.text)")
                @Sendable func row() async throws -> JSONValue? {
                    try await client.get("/v1/usage?group_by=model", key: "pw").json?["data"]?.arrayValue?.first
                }
                #expect(await eventually { (try? await row())??["output_tokens"] == 2 })
                let row = try #require(try await row())
                #expect(row["requests"] == 1 && row["input_tokens"] == 5 && row["cost_usd"]?.doubleValue == 9, "\(row)")
            }
        }
    }

    @Test("an image job is its own ledger row with its image priced, the answer says its cost, and max_concurrent_jobs holds a key to its limit")
    func mediaJobs() async throws {
        let gate = Gate()
        let ark: FakeUpstream.Reply = { request, recorder in
            if request.path == "/files/result.png" {
                return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
            }
            // The first job waits until the test has seen the second one refused.
            if await recorder.requests.filter({ $0.path != "/files/result.png" }).count == 1 { await gate.wait() }
            return OpenAIWire.json(["created": 1, "data": [["url": .string("http://\(request.authority ?? "127.0.0.1")/files/result.png")]]])
        }
        try await FakeUpstream.run(reply: ark) { base, recorder in
            let env = ["PASSWORD": "pw", "DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k"]
            try await TestGateway.run(env) { client in
                let created = try #require(try await client.postJSON(
                    "/v1/admin/keys", ["name": "artist", "models": ["image/*"], "rate_limit": ["max_concurrent_jobs": 1]], key: "pw").json)
                let (secret, keyID) = (try #require(created["key"]?.stringValue), try #require(created["id"]?.stringValue))
                let body: JSONValue = ["model": "image/doubao", "prompt": "A red fox"]
                let first = Task { try await client.postJSON("/v1/images/generations", body, key: secret) }
                #expect(await eventually { await recorder.requests.count == 1 })
                let refused = try await client.postJSON("/v1/images/generations", body, key: secret)
                #expect(refused.status == .tooManyRequests && refused.json?["error"]?["code"] == "rate_limited", "\(refused.text)")
                #expect(refused.headers[.retryAfter] != nil)
                #expect(refused.json?["error"]?["message"]?.stringValue?.contains("may run 1 media job at a time") == true)
                gate.open()
                let answer = try await first.value
                #expect(answer.status == .ok && answer.headers[.prismCostUSD] == "0.036", "\(answer.headers)")
                // A limit on jobs alone has no request window to speak of.
                #expect(answer.headers[HTTPField.Name("x-ratelimit-limit-requests")!] == nil)
                // Once it ended, the key may start another.
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A blue fox"), key: secret).status == .ok)
                @Sendable func row() async throws -> JSONValue? {
                    try? await client.get("/v1/usage?group_by=key", key: "pw").json?["data"]?.arrayValue?.first { $0["group"]?.stringValue == keyID }
                }
                #expect(await eventually { (try? await row())??["images"] == 2 })
                let row = try #require(try await row())
                #expect(row["requests"] == 3 && row["errors"] == 1 && abs((row["cost_usd"]?.doubleValue ?? 0) - 0.072) < 1e-9, "\(row)")
            }
        }
    }
}
