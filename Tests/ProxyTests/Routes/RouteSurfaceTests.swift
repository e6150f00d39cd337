import HTTPTypes
import PrismShared
import Testing
@testable import Proxy

@Suite("Decision headers, dry run, the admin's routes and the model list")
struct RouteSurfaceTests {
    @Test("a direct request's answer says who answered; the inbound x-request-id is kept")
    func directHeaders() async throws {
        try await FakeUpstream.run(reply: RouteWorld.answer("hi")) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                for stream in [false, true] {
                    let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/some-model", stream: stream), headers: [.requestID: "trace-42"])
                    #expect(response.headers[.prismRequestID] == "trace-42")
                    #expect(response.headers[.prismProvider] == "groq" && response.headers[.prismModel] == "some-model")
                    #expect(response.headers[.prismAttempts] == "1" && response.headers[.prismRoute] == nil)
                }
                let generated = try await client.postJSON("/v1/chat/completions", chatBody("groq/some-model"), headers: [.requestID: "bad id\twith tab"])
                #expect(generated.headers[.prismRequestID]?.hasPrefix("req_") == true)
                // A model name is the client's string: one too long or not plain ASCII stays out of the headers.
                let long = try await client.postJSON("/v1/chat/completions", chatBody("groq/" + String(repeating: "x", count: 70_000)))
                #expect(long.status == .ok && long.headers[.prismModel] == nil && long.headers[.prismProvider] == "groq")
                let spaced = try await client.postJSON("/v1/chat/completions", chatBody("groq/a model"))
                #expect(spaced.status == .ok && spaced.headers[.prismModel] == nil)
            }
        }
    }

    @Test("error answers carry the decision headers too")
    func errorHeaders() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true))
                #expect(response.status == .badGateway)
                #expect(response.headers[.prismProvider] == "groq" && response.headers[.prismAttempts] == "2")
                #expect(response.headers[.prismRequestID] != nil)
                let missing = try await client.postJSON("/v1/chat/completions", chatBody("cerebras/x"))
                #expect(missing.status == .notFound && missing.headers[.prismRequestID] != nil)
            }
        }
    }

    @Test("a dry run lists the candidates in order, with keys and estimated cost, and calls no upstream")
    func dryRun() async throws {
        try await RouteWorld.twoProviders(first: RouteWorld.answer("a"), second: RouteWorld.answer("b")) { client, first, second in
            let response = try await client.postJSON("/v1/route/dry-run", chatBody("fast", extra: ["max_tokens": 100]))
            #expect(response.status == .ok)
            let json = try #require(response.json)
            #expect(json["model"] == "fast" && json["route"] == "fast" && json["strategy"] == "fallback")
            #expect(json["candidates"]?[0]?["target"] == "groq/first-model" && json["candidates"]?[0]?["provider"] == "groq")
            #expect(json["candidates"]?[0]?["state"] == "usable" && json["candidates"]?[0]?["keys_usable"] == 1)
            #expect(json["candidates"]?[0]?["estimated_cost_usd"] == .null)
            #expect(json["chosen"] == "groq/first-model")
            let responsesBody = try await client.postJSON("/v1/route/dry-run", ["model": "route/fast", "input": "Hi"])
            #expect(responsesBody.json?["route"] == "fast" && responsesBody.json?["candidates"]?.arrayValue?.count == 2)
            let direct = try await client.postJSON("/v1/route/dry-run", chatBody("groq/llama-3.3-70b-versatile"))
            #expect(direct.json?["route"] == .null && direct.json?["chosen"] == "groq/llama-3.3-70b-versatile")
            #expect((direct.json?["candidates"]?[0]?["estimated_cost_usd"]?.doubleValue ?? 0) > 0)
            #expect(await first.requests.isEmpty)
            #expect(await second.requests.isEmpty)
        }
    }

    @Test("dry run applies authentication; the admin's route list is for the admin only")
    func access() async throws {
        try await RouteWorld.run(yaml: "routes:\n  fast:\n    targets: [groq/a]\n", env: ["PASSWORD": "admin-secret", "API_KEYS": "user-key", "GROQ_API_KEY": "k"]) { client in
            #expect(try await client.postJSON("/v1/route/dry-run", chatBody("fast")).status == .unauthorized)
            let user = try await client.postJSON("/v1/route/dry-run", chatBody("fast"), key: "user-key")
            #expect(user.status == .ok && user.json?["candidates"]?[0]?["state"] == "usable")
            #expect(try await client.postJSON("/v1/route/dry-run", chatBody("admin/magic"), key: "user-key").status == .forbidden)
            #expect(try await client.get("/v1/admin/routes", key: "user-key").status == .forbidden)
            let admin = try await client.get("/v1/admin/routes", key: "admin-secret")
            #expect(admin.status == .ok && admin.json?["data"]?[0]?["name"] == "fast")
            #expect(admin.json?["data"]?[0]?["targets"]?[0]?["circuit"] == "closed")
        }
    }

    @Test("routes are listed by /v1/models as owned by route, and by admin/magic's routes command")
    func listed() async throws {
        try await RouteWorld.run(yaml: "routes:\n  fast:\n    targets: [groq/a]\n  slow:\n    strategy: latency\n    targets: [groq/b]\n", env: [:]) { client in
            let models = try await client.get("/v1/models")
            let routes = models.json?["data"]?.arrayValue?.filter { $0["owned_by"] == "route" }.compactMap { $0["id"]?.stringValue }
            #expect(routes == ["fast", "slow"])
            let admin = try await client.postJSON("/v1/chat/completions", chatBody("admin/magic", "routes"))
            let text = admin.json?["choices"]?[0]?["message"]?["content"]?.stringValue ?? ""
            #expect(text.contains("fast (fallback)") && text.contains("slow (latency)") && text.contains("groq/b: 0 requests"))
        }
    }
}
