import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PrismShared
import Testing
@testable import Proxy

@Suite("Bad input gets the SPEC §9 error, and the gateway keeps serving")
struct ErrorShapeTests {
    static let cases: [(String, String, Int, String)] = [
        ("malformed JSON", #"{"model": "groq/x", "messages": [}"#, 400, "invalid_json"),
        ("not an object", #"[1, 2]"#, 400, "invalid_json"),
        ("empty body", "", 400, "invalid_json"),
        ("missing model", #"{"messages": [{"role": "user", "content": "hi"}]}"#, 400, "missing_field"),
        ("model of the wrong type", #"{"model": 7, "messages": [{"role": "user", "content": "hi"}]}"#, 400, "invalid_type"),
        ("missing messages", #"{"model": "groq/x"}"#, 400, "missing_field"),
        ("empty messages", #"{"model": "groq/x", "messages": []}"#, 400, "invalid_type"),
        ("message without role", #"{"model": "groq/x", "messages": [{"content": "hi"}]}"#, 400, "invalid_type"),
        ("stream of the wrong type", #"{"model": "groq/x", "messages": [{"role": "user", "content": "hi"}], "stream": "yes"}"#, 400, "invalid_type"),
        ("provider without a key", #"{"model": "cerebras/llama", "messages": [{"role": "user", "content": "hi"}]}"#, 404, "model_not_found"),
        ("default provider without a key", #"{"model": "some-model", "messages": [{"role": "user", "content": "hi"}]}"#, 404, "model_not_found"),
        ("unknown image model", #"{"model": "image/nothing-here", "messages": [{"role": "user", "content": "a cat"}]}"#, 404, "model_not_found"),
        ("image provider without a key", #"{"model": "image/bfl/flux-pro", "messages": [{"role": "user", "content": "a cat"}]}"#, 404, "model_not_found"),
        ("a video API OpenAI shut down", #"{"model": "video/openai/sora-2", "messages": [{"role": "user", "content": "a cat"}]}"#, 404, "model_not_found"),
        ("a flag the provider lacks", #"{"model": "image/doubao", "messages": [{"role": "user", "content": "a cat --frames 9"}]}"#, 400, "invalid_flag"),
        ("a flag out of range", #"{"model": "image/doubao", "messages": [{"role": "user", "content": "a cat --seed x"}]}"#, 400, "invalid_flag"),
    ]

    @Test("each bad request gets its status, type and code", arguments: cases)
    func badRequests(name: String, body: String, status: Int, code: String) async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base]) { client in
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { $0 }
                #expect(Int(response.status.code) == status, "\(name)")
                let error = try #require(response.json?["error"], "\(name)")
                #expect(error["code"]?.stringValue == code, "\(name)")
                #expect(error["type"]?.stringValue == GatewayError(status: status, code: code, message: "").type)
                let message = error["message"]?.stringValue ?? ""
                // Chat UIs show error messages raw: plain sentences, no markdown, one full stop.
                #expect(message.hasSuffix(".") && !message.hasSuffix("..") && !message.contains("`"), "\(name): \(message)")
                #expect(error["param"] != nil)
                #expect(await recorder.requests.isEmpty)
                // And the next good request still works.
                #expect(try await client.postJSON("/v1/chat/completions", chatBody("groq/x")).status == .ok)
            }
        }
    }

    @Test("the missing-key message names the variable to set")
    func missingKeyMessage() async throws {
        try await TestGateway.run(["ALLOW_BYOK": "true"]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/llama"))
            #expect(response.json?["error"]?["message"] == "Provider groq has no key: set GROQ_API_KEY or send x-groq-api-key.")
        }
    }

    @Test("a body over MAX_BODY_BYTES is a 413")
    func bodyLimit() async throws {
        try await TestGateway.run(["GROQ_API_KEY": "k", "MAX_BODY_BYTES": "2048"]) { client in
            let big = chatBody("groq/x", String(repeating: "a", count: 4096))
            let response = try await client.postJSON("/v1/chat/completions", big)
            #expect(response.status == .contentTooLarge)
            #expect(response.json?["error"]?["code"] == "request_too_large")
            #expect(response.json?["error"]?["type"] == "invalid_request_error")
        }
    }

    @Test("unknown routes and wrong methods answer in the same shape")
    func routes() async throws {
        try await TestGateway.run([:]) { client in
            let unknown = try await client.get("/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.json?["error"]?["type"] == "not_found_error")
            let wrongMethod = try await client.execute(uri: "/v1/models", method: .delete) { $0 }
            #expect(wrongMethod.status.code >= 400)
            #expect(wrongMethod.json?["error"]?["message"] != nil)
        }
    }

    @Test("media and admin models answer a clear 404 until their issues land")
    func notYetServed() async throws {
        try await TestGateway.run([:]) { client in
            for model in ["image/doubao", "video/doubao-seedance"] {
                let response = try await client.postJSON("/v1/chat/completions", chatBody(model))
                #expect(response.status == .notFound)
                #expect(response.json?["error"]?["code"] == "model_not_found")
            }
        }
    }
}
