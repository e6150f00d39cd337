import Foundation
import HTTPTypes
import PrismShared
import Testing
@testable import Proxy

/// `/metrics` (SPEC §14) after known traffic, and who may read it.
@Suite("Prometheus metrics")
struct MetricsTests {
    /// The value of the sample whose line starts with `series` (name and labels exactly as exposed).
    static func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test("requests, attempts, tokens and latency are counted by provider, model and status after known traffic")
    func counted() async throws {
        try await FakeUpstream.run(reply: RequestLogTests.upstream) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": RequestLogTests.keys, "GROQ_BASE_URL": base]) { client in
                for _ in 0..<2 { #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw").status == .ok) }
                let series = #"prism_requests_total{surface="chat",model="groq/llama",provider="groq",route="none",status="200"}"#
                #expect(await eventually { Self.sample((try? await client.get("/metrics", key: "pw").text) ?? "", series) == 2 })
                let text = try await client.get("/metrics", key: "pw").text
                // Round-robin: the first request tries key 1 (503) then key 2; the second starts at key 2.
                #expect(Self.sample(text, #"prism_upstream_attempts_total{provider="groq",outcome="ok"}"#) == 2)
                #expect(Self.sample(text, #"prism_upstream_attempts_total{provider="groq",outcome="server_error"}"#) ?? 0 >= 1)
                #expect(Self.sample(text, #"prism_request_duration_seconds_count{provider="groq"}"#) == 2)
                #expect(Self.sample(text, #"prism_time_to_first_byte_seconds_count{provider="groq"}"#) == 2)
                #expect(Self.sample(text, #"prism_circuit_open{provider="groq"}"#) == 0)
                #expect(Self.sample(text, #"prism_provider_keys{provider="groq",state="usable"}"#) == 2)
                #expect(text.contains("prism_webhook_deliveries_total"))
                #expect(!text.contains("gsk_first"))
            }
        }
    }

    @Test("a media job that ends is counted by model and status, with its duration")
    func jobs() async throws {
        try await FakeUpstream.run(reply: ModelScopeImageTests.modelScope) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "MODELSCOPE_API_KEY": "ms-key", "MODELSCOPE_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("image/Qwen/Qwen-Image", "A fox"), key: "pw")
                #expect(reply.status == .ok, "\(reply.text)")
                @Sendable func lines() async -> [Substring] {
                    ((try? await client.get("/metrics", key: "pw").text) ?? "").split(separator: "\n")
                }
                #expect(await eventually { await lines().contains { $0.hasPrefix("prism_jobs_total{") && $0.hasSuffix(#"status="succeeded"} 1"#) } })
                #expect(await lines().contains { $0.hasPrefix("prism_job_duration_seconds_count{") && $0.hasSuffix(" 1") })
            }
        }
    }

    @Test("a model name nobody serves is counted as other, so made-up names cannot grow the label set")
    func boundedModels() async throws {
        try await TestGateway.run(["PASSWORD": "pw"]) { client in
            for index in 0..<3 { _ = try await client.postJSON("/v1/chat/completions", chatBody("made-up-\(index)/model"), key: "pw") }
            #expect(await eventually { ((try? await client.get("/metrics", key: "pw").text) ?? "").contains(#"model="other""#) })
            #expect(!(try await client.get("/metrics", key: "pw").text.contains("made-up")))
        }
    }

    @Test("the admin and METRICS_TOKEN may read /metrics; a user key is 403, no key 401")
    func guarded() async throws {
        try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "user-key", "METRICS_TOKEN": "scrape-token"]) { client in
            #expect(try await client.get("/metrics", key: "pw").status == .ok)
            let scraped = try await client.get("/metrics", key: "scrape-token")
            #expect(scraped.status == .ok && scraped.headers[.contentType]?.hasPrefix("text/plain") == true)
            let user = try await client.get("/metrics", key: "user-key")
            #expect(user.status == .forbidden && user.json?["error"]?["code"] == "admin_only")
            #expect(try await client.get("/metrics").status == .unauthorized)
        }
        try await TestGateway.run([:]) { client in
            let reply = try await client.get("/metrics")
            #expect(reply.status == .ok, "local mode is open")
        }
    }
}
