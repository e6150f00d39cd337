import Foundation
import HTTPTypes
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// `/v1/admin/keys` and `/v1/admin/teams` (SPEC §13) through the real server.
@Suite("Managed keys and teams: the admin API")
struct KeysAdminTests {
    private static let env = ["PASSWORD": "pw", "API_KEYS": "user"]

    private func send(_ client: GatewayClient, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil, key: String = "pw") async throws -> TestReply {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body?.byteBuffer()) { $0 }
    }

    @Test("create shows the secret once; lists, get, patch, rotate and delete never show it again")
    func keyLifecycle() async throws {
        try await TestGateway.run(Self.env) { client in
            let team = try await send(client, .post, "/v1/admin/teams", ["name": "research", "models": ["groq/*"], "budget": ["usd": 50, "period": "month"]])
            #expect(team.status == .created)
            let teamID = try #require(team.json?["id"]?.stringValue)

            let created = try await send(client, .post, "/v1/admin/keys", [
                "name": "ci", "team_id": .string(teamID), "models": ["groq/*", "image/*"], "budget": ["usd": 5, "period": "day"],
                "rate_limit": ["rpm": 60], "tags": ["ci"], "expires_at": "2099-01-01T00:00:00Z", "metadata": ["owner": "alice"],
            ])
            #expect(created.status == .created)
            let json = try #require(created.json)
            let secret = try #require(json["key"]?.stringValue)
            let id = try #require(json["id"]?.stringValue)
            #expect(secret.hasPrefix("sk-prism-") && json["key_hint"]?.stringValue == "sk-prism-…" + secret.suffix(4))
            #expect(json["object"] == "api_key" && json["team_id"]?.stringValue == teamID && json["budget"]?["period"] == "day")
            #expect(json["rate_limit"]?["rpm"] == 60 && json["expires_at"] == 4_070_908_800 && json["spend_usd"] == 0 && json["disabled"] == false)

            let list = try await send(client, .get, "/v1/admin/keys")
            #expect(list.json?["data"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            let got = try await send(client, .get, "/v1/admin/keys/\(id)")
            for reply in [list, got] { #expect(!reply.text.contains(secret) && !reply.text.contains(KeySecret.hash(secret))) }

            let patched = try await send(client, .patch, "/v1/admin/keys/\(id)", ["disabled": true, "budget": nil, "name": "ci-2"])
            #expect(patched.json?["disabled"] == true && patched.json?["budget"] == .null && patched.json?["name"] == "ci-2")
            #expect(patched.json?["models"] == ["groq/*", "image/*"])

            let rotated = try await send(client, .post, "/v1/admin/keys/\(id)/rotate")
            let newSecret = try #require(rotated.json?["key"]?.stringValue)
            #expect(newSecret != secret && rotated.json?["id"]?.stringValue == id && rotated.json?["name"] == "ci-2")

            #expect(try await send(client, .delete, "/v1/admin/teams/\(teamID)").status == .conflict)
            #expect(try await send(client, .delete, "/v1/admin/keys/\(id)").json?["deleted"] == true)
            #expect(try await send(client, .get, "/v1/admin/keys/\(id)").status == .notFound)
            #expect(try await send(client, .delete, "/v1/admin/teams/\(teamID)").json?["deleted"] == true)
        }
    }

    @Test("bad fields are 400 with the field named", arguments: [
        (["name": ""], "name"),
        (["name": "k", "models": ["groq/[ab]"]], "models"),
        (["name": "k", "budget": ["usd": -1, "period": "day"]], "budget.usd"),
        (["name": "k", "budget": ["usd": "five", "period": "day"]], "budget.usd"),
        (["name": "k", "budget": ["usd": 1, "period": "fortnight"]], "budget.period"),
        (["name": "k", "rate_limit": ["rpm": 0]], "rate_limit.rpm"),
        (["name": "k", "rate_limit": ["rps": 5]], "rate_limit.rps"),
        (["name": "k", "team_id": "team_nope"], "team_id"),
        (["name": "k", "expires_at": "2001-01-01T00:00:00Z"], "expires_at"),
        (["name": "k", "expires_at": "next tuesday"], "expires_at"),
        (["name": "k", "tags": "ci"], "tags"),
    ] as [(JSONValue, String)])
    func badFields(body: JSONValue, field: String) async throws {
        try await TestGateway.run(Self.env) { client in
            let reply = try await send(client, .post, "/v1/admin/keys", body)
            #expect(reply.status == .badRequest)
            #expect(reply.json?["error"]?["param"]?.stringValue == field, "\(reply.text)")
            #expect(try await send(client, .get, "/v1/admin/keys").json?["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("a non-admin is refused with 403; unknown ids are 404 with a sentence")
    func refusals() async throws {
        try await TestGateway.run(Self.env) { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/v1/admin/keys"), (.post, "/v1/admin/teams"), (.delete, "/v1/admin/keys/key_x")] {
                let reply = try await send(client, method, uri, method == .post ? ["name": "x"] : nil, key: "user")
                #expect(reply.status == .forbidden && reply.json?["error"]?["type"] == "permission_error")
            }
            let missing = try await send(client, .patch, "/v1/admin/keys/key_nope", ["name": "x"])
            #expect(missing.status == .notFound && missing.json?["error"]?["message"]?.stringValue?.contains("GET /v1/admin/keys") == true)
            #expect(try await send(client, .post, "/v1/admin/keys/key_nope/rotate").status == .notFound)
            #expect(try await send(client, .get, "/v1/admin/teams/team_nope").status == .notFound)
        }
    }

    @Test("a managed key is its own principal; disabling, rotating or deleting it takes effect on the next request")
    func authentication() async throws {
        try await TestGateway.run(Self.env) { client in
            let created = try #require(try await send(client, .post, "/v1/admin/keys", ["name": "app"]).json)
            let (id, secret) = (try #require(created["id"]?.stringValue), try #require(created["key"]?.stringValue))
            #expect(try await send(client, .get, "/v1/chat/completions", key: secret).status == .ok)
            #expect(try await send(client, .get, "/v1/admin/keys", key: secret).status == .forbidden)
            #expect(try await send(client, .get, "/v1/chat/completions", key: "sk-prism-unknown").status == .unauthorized)

            _ = try await send(client, .patch, "/v1/admin/keys/\(id)", ["disabled": true])
            let disabled = try await send(client, .get, "/v1/chat/completions", key: secret)
            #expect(disabled.status == .unauthorized && disabled.json?["error"]?["message"]?.stringValue?.contains("is disabled") == true)
            _ = try await send(client, .patch, "/v1/admin/keys/\(id)", ["disabled": false])
            let rotated = try #require(try await send(client, .post, "/v1/admin/keys/\(id)/rotate").json?["key"]?.stringValue)
            #expect(try await send(client, .get, "/v1/chat/completions", key: secret).status == .unauthorized)
            #expect(try await send(client, .get, "/v1/chat/completions", key: rotated).status == .ok)
            _ = try await send(client, .delete, "/v1/admin/keys/\(id)")
            #expect(try await send(client, .get, "/v1/chat/completions", key: rotated).status == .unauthorized)
        }
    }

    @Test("rpm counts a key's requests: the answers say what is left, and the one over the limit is 429 with Retry-After")
    func rateLimit() async throws {
        try await TestGateway.run(Self.env) { client in
            let created = try #require(try await send(client, .post, "/v1/admin/keys", ["name": "slow", "rate_limit": ["rpm": 2]]).json)
            let secret = try #require(created["key"]?.stringValue)
            let first = try await send(client, .get, "/v1/chat/completions", key: secret)
            #expect(first.headers[HTTPField.Name("x-ratelimit-limit-requests")!] == "2")
            #expect(first.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == "1")
            let second = try await send(client, .get, "/v1/chat/completions", key: secret)
            #expect(second.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == "0")
            // Two more: at most one UTC minute can begin between them, so one of them is over the limit.
            var refused: TestReply?
            for _ in 0..<2 where refused == nil {
                let reply = try await send(client, .get, "/v1/chat/completions", key: secret)
                if reply.status != .ok { refused = reply }
            }
            let over = try #require(refused)
            #expect(over.status == .tooManyRequests && over.json?["error"]?["code"] == "rate_limited")
            #expect(over.headers[.retryAfter].flatMap { Int($0) }.map { (1...60).contains($0) } == true)
            #expect(try await send(client, .get, "/v1/chat/completions").headers[HTTPField.Name("x-ratelimit-limit-requests")!] == nil)
        }
    }

    @Test("a key may use only its models and its team's: others are 403 naming model and key, and /v1/models lists only the allowed")
    func allowedModels() async throws {
        let upstream: FakeUpstream.Reply = { request, _ in
            request.path.hasSuffix("/models") ? OpenAIWire.json(["object": "list", "data": [["id": "llama"]]]) : OpenAIWire.json(OpenAIWire.completion("ok"))
        }
        try await FakeUpstream.run(reply: upstream) { base, recorder in
            try await TestGateway.run(Self.env.merging(["GROQ_API_KEY": "gsk", "GROQ_BASE_URL": base, "CEREBRAS_API_KEY": "c", "CEREBRAS_BASE_URL": base]) { $1 }) { client in
                let team = try #require(try await send(client, .post, "/v1/admin/teams", ["name": "t", "models": ["groq/*", "cerebras/*"]]).json?["id"])
                let created = try #require(try await send(client, .post, "/v1/admin/keys", ["name": "narrow", "team_id": team, "models": ["groq/*", "image/*"]]).json)
                let (secret, keyID) = (try #require(created["key"]?.stringValue), try #require(created["id"]?.stringValue))
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: secret).status == .ok)
                for model in ["cerebras/llama", "image/doubao"] {  // the team refuses image/*, the key cerebras/*
                    let refused = try await client.postJSON("/v1/chat/completions", chatBody(model), key: secret)
                    #expect(refused.status == .forbidden && refused.json?["error"]?["code"] == "model_not_allowed")
                    let message = refused.json?["error"]?["message"]?.stringValue ?? ""
                    #expect(message.contains(model) && message.contains(keyID) && !message.contains(secret))
                }
                let responses = try await client.postJSON("/v1/responses", ["model": "cerebras/llama", "input": "hi"], key: secret)
                #expect(responses.status == .forbidden)
                #expect(await recorder.requests.filter { $0.path.hasSuffix("/chat/completions") }.count == 1)
                let models = try #require(try await send(client, .get, "/v1/models", key: secret).json?["data"]?.arrayValue)
                #expect(models.map { $0["id"] } == ["groq/llama"], "\(models)")
            }
        }
    }
}
