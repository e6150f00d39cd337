import Foundation
import HTTPTypes
import PrismShared
import Testing
@testable import Proxy

/// SPEC §14's log: one line per request with its fields, refusals and circuit changes with their reason, and
/// no key anywhere.
@Suite("The operator's log")
struct OperatingLogTests {
    @Test("a request line names the request, principal, model, provider, status and tokens; a circuit that opens is logged once")
    func lines() async throws {
        let logs = LogCapture()
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "gsk_circuit00000key1", "GROQ_BASE_URL": base, "CIRCUIT_FAILURES": "1"], logs: logs) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw", headers: [.requestID: "req-log-line-1"])
                #expect(reply.status == .serviceUnavailable || reply.status == .badGateway)
                #expect(await eventually { logs.text.contains("req-log-line-1") })
                #expect(await eventually { logs.text.contains("Circuit of provider groq opened after repeated failures") })
            }
        }
        let line = try #require(logs.text.split(separator: "\n").first { $0.contains("req-log-line-1") })
        #expect(line.hasPrefix("info request") && line.contains("\"model\": groq/llama") && line.contains("\"provider\": groq") && line.contains("\"principal\": admin"), "\(line)")
        #expect(logs.text.components(separatedBy: "Circuit of provider groq opened").count == 2)
        #expect(!logs.text.contains("gsk_circuit00000key1"))
    }

    @Test("a request refused by a key's rate limit is logged with its reason")
    func refusal() async throws {
        let logs = LogCapture()
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base], logs: logs) { client in
                let created = try #require(try await client.postJSON("/v1/admin/keys", ["name": "slow", "rate_limit": ["rpm": 1]], key: "pw").json)
                let secret = try #require(created["key"]?.stringValue)
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status == .ok)
                // Two more: at most one UTC minute can begin between them, so one of them is over the limit.
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<2 { statuses.append(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status) }
                #expect(statuses.contains(.tooManyRequests))
                #expect(await eventually { logs.text.contains("(rate_limited): The API key") })
                #expect(!logs.text.contains(secret))
            }
        }
    }
}
