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

@Suite("ResponseStore on an in-memory database")
struct ResponseStoreTests {
    func save(_ store: any ResponseStore, id: String, previous: String?, principal: String = "p") async throws {
        try await store.save(NewStoredResponse(
            id: id, principal: principal, model: "m", status: "completed", previousResponseID: previous, createdAt: 1,
            object: ["id": .string(id), "output": []], inputItems: [["id": .string("msg_\(id)"), "type": "message", "role": "user", "content": []]],
            preview: "", firstUserText: "first"))
    }

    @Test("a chain of 150 turns comes back whole and in order from one query")
    func longChain() async throws {
        let store = try Stores.inMemory().responses
        var previous: String?
        for index in 0..<150 {
            try await save(store, id: "resp_\(index)", previous: previous)
            previous = "resp_\(index)"
        }
        let chain = try #require(try await store.chain(endingAt: "resp_149", scope: Scope(.admin)))
        #expect(chain.count == 150)
        #expect(chain.map { $0.object["id"]?.stringValue } == (0..<150).map { "resp_\($0)" })
        #expect(chain.allSatisfy { $0.inputItems.count == 1 })
        let conversations = try await store.conversations(scope: Scope(.admin), limit: 10, after: nil)
        #expect(conversations.items.map(\.turns) == [150])
    }

    @Test("a chain never crosses into another principal's responses")
    func scopedChain() async throws {
        let store = try Stores.inMemory().responses
        try await save(store, id: "resp_a", previous: nil, principal: "alice")
        try await save(store, id: "resp_b", previous: "resp_a", principal: "bob")
        let bob = Scope(Principal(id: "bob", role: .user))
        #expect(try await store.chain(endingAt: "resp_b", scope: bob)?.count == 1)
        #expect(try await store.chain(endingAt: "resp_a", scope: bob) == nil)
    }
}
