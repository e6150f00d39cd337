import Foundation
import PrismShared
import Storage
import Synchronization
import Testing
@testable import Proxy

/// Provider health (SPEC §14): windows from request outcomes, and `/v1/admin/providers`.
@Suite("Provider health")
struct ProviderHealthTests {
    @Test("the 5-minute window holds only the last five minutes, the 60-minute one the hour, with percentiles from the latencies")
    func windows() throws {
        let clock = Mutex<Double>(1_800_000_000)
        let health = ProviderHealth(now: { clock.withLock { $0 } })
        let groq = ProviderHealth.Target(provider: "groq", kind: "text")
        for _ in 0..<10 { health.record(groq, ms: 1000, failed: false) }
        clock.withLock { $0 += 10 * 60 }
        for _ in 0..<3 { health.record(groq, ms: 100, failed: false) }
        health.record(groq, ms: 50, failed: true, error: .init(status: 503, message: "overloaded", at: 1))
        let report = try #require(health.report()[groq])
        #expect(report.window5.requests == 4 && report.window5.errors == 1)
        #expect(report.window60.requests == 14 && report.window60.errors == 1)
        #expect((90...125).contains(report.window5.p50Ms ?? 0))
        #expect((900...1250).contains(report.window60.p95Ms ?? 0))
        #expect(report.lastError?.status == 503)
        clock.withLock { $0 += 61 * 60 }
        #expect(health.report()[groq]?.window60.requests == 0 && health.report()[groq]?.window60.p50Ms == nil)
    }

    @Test("/v1/admin/providers lists each provider with keys, circuit, last error and windows; a user key is 403")
    func endpoint() async throws {
        try await FakeUpstream.run(reply: RequestLogTests.upstream) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "user-key", "GROQ_API_KEY": RequestLogTests.keys, "GROQ_BASE_URL": base]) { client in
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw").status == .ok)
                @Sendable func groq() async -> JSONValue? {
                    (try? await client.get("/v1/admin/providers", key: "pw").json?["data"]?.arrayValue)?.first { $0["id"] == "groq" }
                }
                #expect(await eventually { await groq()?["window_5m"]?["requests"] == 2 })
                let entry = try #require(await groq())
                #expect(entry["kind"] == "text" && entry["base_url_host"] == "127.0.0.1" && entry["circuit"] == "closed")
                #expect(entry["keys"]?["usable"] == 2 && entry["window_5m"]?["errors"] == 1 && entry["window_60m"]?["requests"] == 2)
                #expect(entry["last_error"]?["status"] == 503 && entry["window_5m"]?["p95_ms"]?.doubleValue != nil)
                #expect(try await client.get("/v1/admin/providers", key: "user-key").status == .forbidden)
            }
        }
    }
}
