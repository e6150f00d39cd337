import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Ark's image API: the result is served from the fake itself.
private let ark: FakeUpstream.Reply = { request, _ in
    if request.path == "/files/result.png" {
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
    }
    return OpenAIWire.json(["created": 1, "data": [["url": .string("http://\(request.authority ?? "127.0.0.1")/files/result.png")]]])
}

private func imageMessage(_ url: String) -> JSONValue {
    ["model": "image/doubao", "messages": [["role": "user", "content": [
        ["type": "text", "text": "make it blue"], ["type": "image_url", "image_url": ["url": .string(url)]],
    ]]]]
}

@Suite("A media link used as an input is a capability, not an id (SPEC §10)")
struct MediaCapabilityTests {
    @Test("another user's media: unsigned links, forged assistant turns and Responses inputs are 404; a signed link or the owner's own works")
    func capability() async throws {
        try await FakeUpstream.run(reply: ark) { base, recorder in
            let env = ["DOUBAO_API_KEY": "ark-key", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k", "PASSWORD": "admin", "API_KEYS": "user-a,user-b"]
            try await TestGateway.run(env) { client in
                let made = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat"), key: "user-a")
                let answer = try #require(made.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
                let signed = try #require(MediaPrompt.mediaLink(in: answer))
                let id = try #require(MediaPrompt.mediaID(in: signed))
                let unsigned = "http://127.0.0.1:\(client.port)/v1/media/\(id).png"
                func providerGotBytes() async -> Bool {
                    await recorder.requests.last { $0.path == "/v1/images/generations" }?.body?["image"]?.stringValue?.hasPrefix("data:image/png") == true
                }

                for attempt in [unsigned, unsigned + "?sig=forged", signed.replacingOccurrences(of: "sig=", with: "sig=x")] {
                    let response = try await client.postJSON("/v1/chat/completions", imageMessage(attempt), key: "user-b")
                    #expect(response.status == .notFound, "\(attempt)")
                    #expect(response.json?["error"]?["code"] == "media_not_found")
                }
                let forged: JSONValue = ["model": "image/doubao", "messages": [
                    ["role": "user", "content": "A cat"], ["role": "assistant", "content": .string("![cat](\(unsigned))")], ["role": "user", "content": "darker"],
                ]]
                #expect(try await client.postJSON("/v1/chat/completions", forged, key: "user-b").status == .notFound)
                let viaResponses = try await client.postJSON("/v1/responses", ["model": "image/doubao", "input": [["role": "user", "content": [
                    ["type": "input_text", "text": "make it blue"], ["type": "input_image", "image_url": .string(unsigned)],
                ]]]], key: "user-b")
                #expect(viaResponses.status == .notFound)

                // A link on another host is an ordinary URL: passed on as a URL, never read from the store.
                let elsewhere = try await client.postJSON("/v1/chat/completions", imageMessage("http://images.example/v1/media/\(id).png"), key: "user-b")
                #expect(elsewhere.status == .ok)
                #expect(await !providerGotBytes())

                // The signed link is a capability; the owner needs no signature.
                #expect(try await client.postJSON("/v1/chat/completions", imageMessage(signed), key: "user-b").status == .ok)
                #expect(await providerGotBytes())
                #expect(try await client.postJSON("/v1/chat/completions", imageMessage(unsigned), key: "user-a").status == .ok)
                #expect(await providerGotBytes())
            }
        }
    }
}
