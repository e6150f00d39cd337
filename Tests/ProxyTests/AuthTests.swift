import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PrismShared
import Testing
@testable import Proxy

@Suite("Authentication and principals")
struct AuthTests {
    static let upstreamOK: FakeUpstream.Reply = { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }

    @Test("local mode: every caller is admin, with or without a key")
    func localMode() async throws {
        try await FakeUpstream.run(reply: Self.upstreamOK) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "env-key", "GROQ_BASE_URL": base]) { client in
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/x")).status == .ok)
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: "anything").status == .ok)
                let models = try await client.get("/v1/models")
                #expect(models.json?["data"]?.arrayValue?.contains { $0["id"] == "admin/magic" } == true)
            }
        }
    }

    @Test("with PASSWORD: the password and API_KEYS pass, by Bearer or x-api-key; others get 401 in the SPEC shape", arguments: [
        ("admin-pw", true), ("user-1", true), ("user-2", true), ("wrong", false), ("admin-p", false), ("", false),
    ])
    func keys(key: String, accepted: Bool) async throws {
        try await FakeUpstream.run(reply: Self.upstreamOK) { base, _ in
            let env = ["PASSWORD": "admin-pw", "API_KEYS": "user-1, user-2", "GROQ_API_KEY": "env-key", "GROQ_BASE_URL": base]
            try await TestGateway.run(env) { client in
                let bearer = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: key.isEmpty ? nil : key)
                let header = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), headers: [HTTPField.Name("x-api-key")!: key])
                for response in [bearer, header] {
                    #expect((response.status == .ok) == accepted)
                    if !accepted {
                        #expect(response.status == .unauthorized)
                        #expect(response.json?["error"]?["type"] == "authentication_error")
                        #expect(response.json?["error"]?["code"] == "invalid_api_key")
                        #expect(response.json?["error"]?["param"] == .null)
                    }
                }
            }
        }
    }

    @Test("a user key does not see admin/magic; the admin does")
    func adminModelOnlyForAdmin() async throws {
        try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "u1"]) { client in
            let user = try await client.get("/v1/models", key: "u1")
            #expect(user.json?["data"]?.arrayValue?.contains { $0["id"] == "admin/magic" } == false)
            let admin = try await client.get("/v1/models", key: "pw")
            #expect(admin.json?["data"]?.arrayValue?.contains { $0["id"] == "admin/magic" } == true)
        }
    }

    @Test("BYOK: the caller's own keys reach the upstream, never the environment's")
    func bringYourOwnKey() async throws {
        try await FakeUpstream.run(reply: Self.upstreamOK) { base, recorder in
            let env = ["PASSWORD": "pw", "ALLOW_BYOK": "true", "GROQ_API_KEY": "env-key", "GROQ_BASE_URL": base, "MISTRAL_BASE_URL": base]
            try await TestGateway.run(env) { client in
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: "gsk-mine").status == .ok)
                let viaHeader = try await client.postJSON(
                    "/v1/chat/completions", chatBody("mistral/small"), key: "gsk-mine", headers: [HTTPField.Name("x-mistral-api-key")!: "mis-mine"])
                #expect(viaHeader.status == .ok)
                #expect(await recorder.bearers == ["gsk-mine", "mis-mine"])
            }
        }
    }

    @Test("BYOK with the own key refused: the error is the upstream's 401, and the environment key is not tried")
    func bringYourOwnKeyRefused() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            request.bearer == "env-key" ? OpenAIWire.json(OpenAIWire.completion("ok")) : OpenAIWire.error(.unauthorized, "bad key")
        }) { base, recorder in
            try await TestGateway.run(["PASSWORD": "pw", "ALLOW_BYOK": "1", "GROQ_API_KEY": "env-key", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: "mine-1,mine-2")
                #expect(response.status == .unauthorized)
                #expect(await recorder.bearers.contains("env-key") == false)
                #expect(await recorder.bearers.count == 2)
            }
        }
    }

    @Test("without ALLOW_BYOK an unknown key is refused before any upstream is called")
    func noBYOK() async throws {
        try await FakeUpstream.run(reply: Self.upstreamOK) { base, recorder in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": "env-key", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: "gsk-mine")
                #expect(response.status == .unauthorized)
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("principals never contain the key and are stable per key")
    func principalIds() async throws {
        let config = try GatewayConfig.load(environment: ["PASSWORD": "pw", "API_KEYS": "user-secret", "ALLOW_BYOK": "true"], port: 0)
        let auth = Authenticator(config: config)
        let user = try await auth.principal(for: [.authorization: "Bearer user-secret"])
        #expect(user.role == .user)
        #expect(!user.id.contains("user-secret"))
        #expect(try await auth.principal(for: [.authorization: "Bearer user-secret"]).id == user.id)
        let byok = try await auth.principal(for: [.authorization: "Bearer sk-own"])
        #expect(byok.isBYOK)
        #expect(!byok.id.contains("sk-own"))
        #expect(try await auth.principal(for: [.authorization: "Bearer pw"]).isAdmin)
    }
}
