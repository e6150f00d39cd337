import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PrismShared
import Testing
@testable import Proxy

@Suite("GET /v1/models")
struct ModelsTests {
    @Test("lists every loaded provider's models prefixed, skips a failing one, and caches")
    func listing() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            request.bearer == "broken" ? OpenAIWire.error(.internalServerError, "no list") : OpenAIWire.models(["m1", "m2"])
        }) { base, recorder in
            let env = ["GROQ_API_KEY": "g", "GROQ_BASE_URL": base, "MISTRAL_API_KEY": "broken", "MISTRAL_BASE_URL": base]
            try await TestGateway.run(env) { client in
                let first = try await client.get("/v1/models")
                #expect(first.status == .ok)
                #expect(first.json?["object"] == "list")
                let ids = first.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids.contains("groq/m1") && ids.contains("groq/m2"))
                #expect(!ids.contains { $0.hasPrefix("mistral/") })
                let post = try await client.postJSON("/v1/models", [:])
                #expect(post.status == .ok)
                // groq is cached; the failing mistral list is asked again.
                #expect(await recorder.requests.filter { $0.bearer == "g" }.count == 1)
                #expect(await recorder.requests.filter { $0.bearer == "broken" }.count == 2)
            }
        }
    }

    @Test("a media provider with a key lists its examples, or MEDIA_MODELS_<PROVIDER> in their place")
    func mediaModels() async throws {
        let env = ["BFL_API_KEY": "b", "DOUBAO_API_KEY": "d", "MEDIA_MODELS_DOUBAO": "image/doubao-seedream-4-0, video/doubao-seedance-pro"]
        try await TestGateway.run(env) { client in
            let ids = try await client.get("/v1/models").json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("image/bfl/flux-kontext-pro"))
            #expect(ids.contains("image/doubao-seedream-4-0") && ids.contains("video/doubao-seedance-pro") && !ids.contains("image/doubao"), "\(ids)")
            #expect(!ids.contains { $0.hasPrefix("video/openai/") || $0.hasPrefix("image/replicate/") })
        }
    }
}
