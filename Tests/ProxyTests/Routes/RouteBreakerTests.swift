import HTTPTypes
import PrismShared
import Testing
@testable import Proxy

@Suite("Circuit breakers in routed and direct requests")
struct RouteBreakerTests {
    @Test("a provider that keeps failing opens: routes skip it, direct requests still reach it and count")
    func skipOpen() async throws {
        try await RouteWorld.twoProviders(
            first: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }, second: RouteWorld.answer("steady"), env: ["CIRCUIT_FAILURES": "2"]
        ) { client, first, second in
            for _ in 0..<3 {
                let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
                #expect(response.status == .ok && response.text.contains("steady"))
            }
            #expect(await first.requests.count == 2, "the third routed request skipped the open provider")
            let last = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            #expect(last.headers[.prismAttempts] == "1" && last.headers[.prismProvider] == "cerebras")

            let dryRun = try await client.postJSON("/v1/route/dry-run", chatBody("fast"))
            #expect(dryRun.json?["candidates"]?[0]?["state"] == "open")
            #expect(dryRun.json?["chosen"] == "cerebras/second-model")

            let direct = try await client.postJSON("/v1/chat/completions", chatBody("groq/first-model"))
            #expect(direct.status == .badGateway)
            #expect(await first.requests.count == 3, "a direct request goes to an open provider")
            #expect(await second.requests.count == 4)

            let admin = try await client.get("/v1/admin/routes")
            let groq = admin.json?["data"]?[0]?["targets"]?[0]
            #expect(groq?["circuit"] == "open" && groq?["failures"] == 2 && groq?["requests"] == 2)
            let cerebras = admin.json?["data"]?[0]?["targets"]?[1]
            #expect(cerebras?["circuit"] == "closed" && cerebras?["requests"] == 4 && cerebras?["p50_ttfb_ms"]?.doubleValue != nil)
        }
    }

    @Test("a route whose targets are all open answers 503 naming each target and why")
    func allOpen() async throws {
        try await RouteWorld.twoProviders(
            first: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }, second: { _, _ in OpenAIWire.error(.badGateway, "also down") },
            env: ["CIRCUIT_FAILURES": "1", "CIRCUIT_OPEN_SECONDS": "600"]
        ) { client, first, second in
            _ = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast"))
            #expect(response.status == .serviceUnavailable)
            #expect(response.json?["error"]?["type"] == "service_unavailable_error")
            let message = try #require(response.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("groq/first-model was skipped because its provider failed repeatedly and is paused"))
            #expect(message.contains("cerebras/second-model was skipped"))
            #expect(await first.requests.count == 1)
            #expect(await second.requests.count == 1)
        }
    }
}
