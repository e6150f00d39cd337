import Foundation
import HTTPTypes
import PrismShared
import Testing
@testable import Proxy

/// The request log (SPEC §14) through the real server: every attempt of a request, keys masked, and the
/// admin's list and detail with their filters and 400s.
@Suite("The request log, through the real server")
struct RequestLogTests {
    static let keys = "gsk_first0000key0001,gsk_second000key0002"

    /// The first key is answered 503, the second 200: one request, two attempts.
    static let upstream: FakeUpstream.Reply = { request, _ in
        if request.bearer == "gsk_first0000key0001" { return OpenAIWire.error(.serviceUnavailable, "overloaded") }
        if request.body?["stream"] == true { return OpenAIWire.sse(OpenAIWire.streamEvents(["Hi"], usage: true)) }
        return OpenAIWire.json(OpenAIWire.completion("ok"))
    }

    @Test("a request that needed two keys is logged with both attempts, the keys masked, and read back by its request id")
    func attempts() async throws {
        try await FakeUpstream.run(reply: Self.upstream) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "GROQ_API_KEY": Self.keys, "GROQ_BASE_URL": base]) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw")
                #expect(reply.status == .ok)
                let id = try #require(reply.headers[.prismRequestID])
                #expect(await eventually { (try? await client.get("/v1/admin/requests?model=groq/llama", key: "pw").json?["data"]?.arrayValue?.count) == 1 })
                let listed = try await client.get("/v1/admin/requests", key: "pw")
                #expect(!listed.text.contains("gsk_first0000key0001") && !listed.text.contains("gsk_second000key0002"))
                let entry = try #require(try await client.get("/v1/admin/requests/\(id)", key: "pw").json)
                #expect(entry["object"] == "request" && entry["id"]?.stringValue == id && entry["status"] == 200 && entry["provider"] == "groq")
                #expect(entry["surface"] == "chat" && entry["principal"] == "admin" && entry["upstream_model"] == "llama")
                let attempts = try #require(entry["attempts"]?.arrayValue)
                #expect(attempts.map { $0["key"]?.stringValue } == ["gsk_…0001", "gsk_…0002"])
                #expect(attempts.map { $0["status"]?.intValue } == [503, 200])
                #expect(attempts.first?["error"]?.stringValue?.contains("overloaded") == true && attempts.last?["error"] == .null)
                #expect(entry["request_body"] == nil, "bodies are kept only with LOG_BODIES=true")
                let missing = try await client.get("/v1/admin/requests/req_nothing", key: "pw")
                #expect(missing.status == .notFound && missing.json?["error"]?["code"] == "request_not_found")
            }
        }
    }

    @Test("list filters narrow the log; unknown filters, bad values, limits and cursors are 400s naming the parameter; a user key is 403")
    func filters() async throws {
        try await FakeUpstream.run(reply: Self.upstream) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "user-key", "GROQ_API_KEY": Self.keys, "GROQ_BASE_URL": base]) { client in
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"), key: "pw").status == .ok)
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("nowhere/model"), key: "pw").status == .notFound)
                #expect(await eventually { (try? await client.get("/v1/admin/requests", key: "pw").json?["data"]?.arrayValue?.count) == 2 })
                #expect(try await client.get("/v1/admin/requests?status=404", key: "pw").json?["data"]?.arrayValue?.count == 1)
                #expect(try await client.get("/v1/admin/requests?provider=groq&status=200", key: "pw").json?["data"]?.arrayValue?.count == 1)
                #expect(try await client.get("/v1/admin/requests?since=2999-01-01T00:00:00Z", key: "pw").json?["data"]?.arrayValue?.isEmpty == true)
                let first = try #require(try await client.get("/v1/admin/requests?limit=1", key: "pw").json)
                #expect(first["has_more"] == true)
                let next = try await client.get("/v1/admin/requests?limit=1&after=\(first["last_id"]?.stringValue ?? "")", key: "pw").json
                #expect(next?["data"]?.arrayValue?.first?["model"] == "groq/llama" && next?["has_more"] == false)
                for (query, parameter) in [("colour=red", "colour"), ("limit=0", "limit"), ("limit=101", "limit"), ("status=teapot", "status"),
                                           ("since=yesterday", "since"), ("after=req_unknown", "after")] {
                    let refused = try await client.get("/v1/admin/requests?\(query)", key: "pw")
                    #expect(refused.status == .badRequest && refused.json?["error"]?["param"]?.stringValue == parameter, "\(query): \(refused.text)")
                }
                #expect(try await client.get("/v1/admin/requests", key: "user-key").status == .forbidden)
                #expect(try await client.get("/v1/admin/requests", key: "wrong").status == .unauthorized)
            }
        }
    }

    @Test("with LOG_BODIES=true the request body is kept, with no key in it")
    func bodies() async throws {
        try await FakeUpstream.run(reply: Self.upstream) { base, _ in
            try await TestGateway.run(["PASSWORD": "pw", "LOG_BODIES": "true", "MAX_BODY_BYTES": "4096", "GROQ_API_KEY": Self.keys, "GROQ_BASE_URL": base]) { client in
                let large = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", String(repeating: "x", count: 8192)), key: "pw")
                #expect(large.status.code == 413 && large.json?["error"]?["code"] == "request_too_large", "\(large.text)")
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", "my key is gsk_second000key0002"), key: "pw")
                #expect(reply.status == .ok)
                let streamed = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama", stream: true), key: "pw")
                #expect(streamed.status == .ok)
                let id = try #require(reply.headers[.prismRequestID])
                #expect(await eventually { (try? await client.get("/v1/admin/requests/\(id)", key: "pw").status) == .ok })
                let body = try #require(try await client.get("/v1/admin/requests/\(id)", key: "pw").json?["request_body"]?.stringValue)
                #expect(body.contains("my key is") && !body.contains("gsk_second000key0002"))
                let answer = try await client.get("/v1/admin/requests/\(id)", key: "pw").json?["response_body"]?.stringValue
                #expect(answer?.contains("chat.completion") == true, "\(answer ?? "no response body")")
                let streamID = try #require(streamed.headers[.prismRequestID])
                #expect(await eventually { (try? await client.get("/v1/admin/requests/\(streamID)", key: "pw").json?["response_body"]?.stringValue?.contains("[DONE]")) == true })
            }
        }
    }
}
