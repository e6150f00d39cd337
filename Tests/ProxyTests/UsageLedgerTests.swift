import Foundation
import HTTPTypes
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Every request that names a model leaves one ledger row (SPEC §13), written off the request path.
@Suite("The usage ledger, through the real server")
struct UsageLedgerTests {
    @Test("non-streaming, streaming, routed and refused requests each leave a row with tokens, cost, route and tags")
    func rows() async throws {
        let upstream: FakeUpstream.Reply = { request, _ in
            if request.body?["stream"] == true { return OpenAIWire.sse(OpenAIWire.streamEvents(["Hi"], usage: true)) }
            return OpenAIWire.json(OpenAIWire.completion("ok"))
        }
        try await FakeUpstream.run(reply: upstream) { base, _ in
            // 1 USD per input token and 2 per output token: the fake reports 5 and 2, so 9 USD a request.
            let yaml = "routes:\n  fast:\n    targets: [groq/llama]\nprices:\n  groq/llama: { input_per_mtok: 1000000, output_per_mtok: 2000000 }\n"
            try await RouteWorld.run(yaml: yaml, env: ["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let created = try #require(try await client.postJSON("/v1/admin/keys", ["name": "app", "tags": ["ci"], "models": ["groq/*", "fast"]], key: "pw").json)
                let (secret, keyID) = (try #require(created["key"]?.stringValue), try #require(created["id"]?.stringValue))
                let tagged: HTTPFields = [HTTPField.Name("x-prism-tags")!: "nightly"]
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret, headers: tagged).status == .ok)
                let stream = try await client.postJSON("/v1/chat/completions", chatBody("fast", stream: true, extra: ["stream_options": ["include_usage": true]]), key: secret)
                #expect(stream.sseData.last == "[DONE]")
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("cerebras/x"), key: secret).status == .forbidden)

                @Sendable func usage(_ groupBy: String) async throws -> [JSONValue] {
                    try await client.get("/v1/usage?group_by=\(groupBy)", key: "pw").json?["data"]?.arrayValue ?? []
                }
                #expect(await eventually { ((try? await usage("key").first?["requests"]) ?? nil) == 3 })
                let byKey = try #require(try await usage("key").first)
                #expect(byKey["group"]?.stringValue == keyID && byKey["errors"] == 1)
                #expect(byKey["input_tokens"] == 10 && byKey["output_tokens"] == 4 && byKey["cost_usd"]?.doubleValue == 18)
                #expect(try await usage("route").map { $0["group"] } == ["-", "fast"])
                #expect(try await usage("model").map { $0["group"] } == ["cerebras/x", "fast", "groq/llama"])
                #expect(try await usage("tag").map { "\($0["group"]?.stringValue ?? ""):\($0["requests"]?.intValue ?? 0)" } == ["ci:3", "nightly:1"])
                #expect(try await client.get("/v1/admin/keys/\(keyID)", key: "pw").json?["spend_usd"]?.doubleValue == 18)
            }
        }
    }

    @Test("a key's budget admits requests while its spend is below it, then answers 402 saying spent, budget and reset")
    func budget() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            let yaml = "prices:\n  groq/llama: { input_per_mtok: 1000000, output_per_mtok: 2000000 }\n"
            try await RouteWorld.run(yaml: yaml, env: ["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let created = try #require(try await client.postJSON("/v1/admin/keys", ["name": "capped", "budget": ["usd": 10, "period": "day"]], key: "pw").json)
                let (secret, keyID) = (try #require(created["key"]?.stringValue), try #require(created["id"]?.stringValue))
                // Each answer costs 9 USD; each request waits for the row of the one before, so what it sees is spend.
                for expected in [1, 2] {
                    #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status == .ok)
                    #expect(await eventually { (try? await client.get("/v1/admin/keys/\(keyID)", key: "pw").json?["spend_usd"]?.doubleValue) == Double(9 * expected) })
                }
                let refused = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret)
                #expect(refused.status.code == 402 && refused.json?["error"]?["type"] == "insufficient_quota" && refused.json?["error"]?["code"] == "budget_exceeded")
                let message = refused.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains("has spent $18.00 of its $10.00 daily budget") && message.contains("It resets at "), "\(message)")
                #expect(await recorder.requests.count == 2)
                // Without a budget, the same requests go on.
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw").status == .ok)
            }
        }
    }

    @Test("a stream is metered even when its client did not ask for usage: Prism asks the upstream and keeps the chunk from the client")
    func streamUsage() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(OpenAIWire.streamEvents(["Hi"], usage: true)) }) { base, recorder in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", stream: true), key: "pw")
                #expect(reply.sseData.last == "[DONE]" && reply.sseData.contains { $0.contains("Hi") })
                #expect(!reply.sseData.contains { $0.contains("\"usage\"") })
                #expect(await recorder.requests.first?.body?["stream_options"]?["include_usage"] == true)
                #expect(await eventually {
                    (try? await client.get("/v1/usage?group_by=model", key: "pw").json?["data"]?.arrayValue?.first?["output_tokens"]) == 2
                })
            }
        }
    }
}
