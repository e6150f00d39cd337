import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PrismShared
import Storage
import Testing
@testable import Proxy

@Suite("Chat completions with store: true")
struct StoredChatTests {
    @Test("stored completions, streamed or not, carry Prism's id and can be listed, read and deleted")
    func storeAndManage() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            request.body?["stream"] == true ? OpenAIWire.sse(OpenAIWire.streamEvents(["Hi", "!"])) : OpenAIWire.json(OpenAIWire.completion("Hello"))
        }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let plain = try #require(try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "one", extra: ["store": true])).json)
                let plainID = try #require(plain["id"]?.stringValue)
                #expect(plainID.hasPrefix("chatcmpl") && plainID != "chatcmpl-fake")
                #expect(await recorder.requests.first?.body?["store"] == nil)
                _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "not kept"))
                let streamed = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "two", stream: true, extra: ["store": true]))
                let streamIDs = Set(streamed.sseData.dropLast().compactMap { try? JSONValue.parse($0) }.compactMap { $0["id"]?.stringValue })
                #expect(streamIDs.count == 1)
                let streamID = try #require(streamIDs.first)

                let list = try #require(try await client.get("/v1/chat/completions").json)
                #expect(list["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [plainID, streamID])
                let kept = try #require(try await client.get("/v1/chat/completions/\(streamID)").json)
                #expect(kept["choices"]?.arrayValue?.first?["message"]?["content"] == "Hi!")
                #expect(kept["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
                let messages = try await client.get("/v1/chat/completions/\(plainID)/messages").json
                #expect(messages?["data"]?.arrayValue?.first?["content"] == "one")
                let deleted = try await client.execute(uri: "/v1/chat/completions/\(plainID)", method: .delete) { $0 }
                #expect(deleted.json?["deleted"] == true)
                #expect(try await client.get("/v1/chat/completions/\(plainID)").status == .notFound)
                #expect(try await client.get("/v1/chat/completions?order=desc&limit=1").json?["data"]?.arrayValue?.first?["id"] == .string(streamID))
            }
        }
    }
}
