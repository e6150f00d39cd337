import Foundation
import PrismShared
import Testing
@testable import Proxy

/// `admin/magic` `keys create|revoke` and `usage` (SPEC §13).
@Suite("admin/magic: keys and usage")
struct AdminKeyCommandTests {
    @Test("keys create shows the secret once and the key works; usage sums the ledger; keys revoke stops it; bad flags say what to type")
    func keys() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base]) { client in
                let created = try await AdminTests.ask(client, "keys create robot --budget 5/day --rpm 60 --models groq/*")
                #expect(created.contains("**robot**") && created.contains("$5.00 daily") && created.contains("60 requests a minute"), "\(created)")
                let secret = try #require(created.split(separator: "`").first { $0.hasPrefix("sk-prism-") }.map(String.init))
                let id = try #require(created.split(separator: "`").first { $0.hasPrefix("key_") }.map(String.init))
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status == .ok)
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("cerebras/llama"), key: secret).status == .forbidden)
                #expect(await eventually { ((try? await AdminTests.ask(client, "usage today by key")) ?? "").contains("| \(id) | 2 | 1 |") })
                #expect(try await AdminTests.ask(client, "usage month by model").contains("| groq/llama | 1 | 0 | 5 | 2 |"))
                #expect(try await AdminTests.ask(client, "keys revoke \(id)").contains("Revoked key `\(id)`"))
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status == .unauthorized)
                #expect(try await AdminTests.ask(client, "keys revoke key_nope").contains("There is no key"))
                for bad in ["keys create", "keys create x --budget lots", "keys create x --rpm 0", "keys create x --models groq/[a]", "usage by planet"] {
                    let answer = try await AdminTests.ask(client, bad)
                    #expect(answer.contains("Type `") || answer.contains("--") || answer.contains("models"), "\(bad): \(answer)")
                    #expect(!answer.contains("sk-prism-"), "\(bad)")
                }
                #expect(try await AdminTests.ask(client, "keys").contains("Key pools"))
            }
        }
    }
}
