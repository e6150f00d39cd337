import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

@Suite("Media routes")
struct MediaRouteTests {
    /// Ark's synchronous image API, and the file its answer links to.
    static let ark: FakeUpstream.Reply = { request, _ in
        if request.path == "/files/result.png" {
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        }
        return OpenAIWire.json(["model": request.body?["model"] ?? "", "created": 1, "data": [["url": .string("http://\(request.authority ?? "")/files/result.png")]]])
    }

    @Test("a media route passes over a target that cannot start the job and says who took it")
    func fallsBack() async throws {
        try await FakeUpstream.run(reply: Self.ark) { base, recorder in
            let env = ["DOUBAO_API_KEY": "ark-key", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k"]
            try await RouteWorld.run(yaml: "routes:\n  picture:\n    targets: [image/openai/gpt-image-1, image/doubao]\n", env: env) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("picture", "A cat"))
                #expect(response.status == .ok)
                #expect(response.text.contains("/v1/media/media_"))
                #expect(response.headers[.prismRoute] == "picture" && response.headers[.prismProvider] == "image/doubao")
                #expect(response.headers[.prismAttempts] == "2")
                #expect(await recorder.requests.first?.bearer == "ark-key")
            }
        }
    }

    @Test("a media route none of whose targets has a key answers 404 naming each")
    func noTarget() async throws {
        try await RouteWorld.run(yaml: "routes:\n  picture:\n    targets: [image/openai/gpt-image-1, image/doubao]\n", env: [:]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("picture", "A cat"))
            #expect(response.status == .notFound)
            let message = try #require(response.json?["error"]?["message"]?.stringValue)
            #expect(message.contains("image/openai/gpt-image-1 could not start the job") && message.contains("image/doubao could not start the job"))
        }
    }
}
