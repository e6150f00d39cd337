import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    private func saveCompletion(_ stores: Stores, _ id: String, principal: String = "alice", model: String = "m") async throws {
        try await stores.completions.save(
            id: id, principal: principal, model: model, createdAt: 1_700_000_000, completion: ["id": .string(id), "object": "chat.completion"],
            messages: [["role": "user", "content": .string("question of \(id)")]])
    }

    @Test("stored chat completions list oldest or newest first from a cursor, with limit + 1 paging", arguments: Backend.allCases)
    func completionPages(backend: Backend) async throws {
        try await backend.withStores { stores in
            for id in ["chatcmpl_q", "chatcmpl_c", "chatcmpl_z", "chatcmpl_a"] { try await saveCompletion(stores, id) }
            func ids(_ page: Page<JSONValue>) -> [String] { page.items.compactMap { $0["id"]?.stringValue } }
            let ascending = try await stores.completions.list(scope: alice, limit: 3, after: nil, ascending: true, model: nil)
            #expect(ids(ascending) == ["chatcmpl_q", "chatcmpl_c", "chatcmpl_z"] && ascending.hasMore)
            let rest = try await stores.completions.list(scope: alice, limit: 3, after: "chatcmpl_z", ascending: true, model: nil)
            #expect(ids(rest) == ["chatcmpl_a"] && !rest.hasMore)
            let descending = try await stores.completions.list(scope: alice, limit: 2, after: nil, ascending: false, model: nil)
            #expect(ids(descending) == ["chatcmpl_a", "chatcmpl_z"] && descending.hasMore)
            let older = try await stores.completions.list(scope: alice, limit: 2, after: "chatcmpl_z", ascending: false, model: nil)
            #expect(ids(older) == ["chatcmpl_c", "chatcmpl_q"] && !older.hasMore)
        }
    }

    @Test("stored chat completions filter by model, keep their messages, and are seen and deleted only by their principal",
          arguments: Backend.allCases)
    func completionScoping(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await saveCompletion(stores, "chatcmpl_1")
            try await saveCompletion(stores, "chatcmpl_2", model: "other")
            try await saveCompletion(stores, "chatcmpl_3")
            try await saveCompletion(stores, "chatcmpl_bob", principal: "bob")
            let filtered = try await stores.completions.list(scope: alice, limit: 10, after: nil, ascending: false, model: "m")
            #expect(filtered.items.compactMap { $0["id"]?.stringValue } == ["chatcmpl_3", "chatcmpl_1"])
            let kept = try #require(try await stores.completions.completion(id: "chatcmpl_1", scope: alice))
            #expect(kept.completion["object"] == "chat.completion")
            #expect(kept.messages.arrayValue?.first?["content"] == "question of chatcmpl_1")
            #expect(try await stores.completions.completion(id: "chatcmpl_1", scope: bob) == nil)
            #expect(try await stores.completions.completion(id: "chatcmpl_bob", scope: .everything) != nil)
            #expect(try await stores.completions.list(scope: bob, limit: 10, after: nil, ascending: true, model: nil).items.count == 1)
            #expect(try await stores.completions.delete(id: "chatcmpl_1", scope: bob) == false)
            #expect(try await stores.completions.delete(id: "chatcmpl_1", scope: alice))
            #expect(try await stores.completions.completion(id: "chatcmpl_1", scope: alice) == nil)
            #expect(try await stores.completions.deleteAll(scope: alice) == 2)
            #expect(try await stores.completions.deleteAll(scope: .everything) == 1)
        }
    }

    @Test("a cursor naming something the caller cannot see is an unknown cursor, on every list", arguments: Backend.allCases)
    func foreignCursors(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_bob", principal: "bob"))
            try await saveCompletion(stores, "chatcmpl_bob", principal: "bob")
            try await stores.media.insert(mediaRecord("media_bob", principal: "bob"))
            let job = try await stores.jobs.create(principal: "bob", model: "video/x", request: nil, responseID: nil, lease: JobLease(owner: "r", until: 0))
            await #expect(throws: StoreError.unknownCursor("resp_bob")) {
                try await stores.responses.list(scope: alice, limit: 10, after: "resp_bob", prefix: nil, model: nil)
            }
            await #expect(throws: StoreError.unknownCursor("resp_bob")) { try await stores.responses.conversations(scope: alice, limit: 10, after: "resp_bob") }
            await #expect(throws: StoreError.unknownCursor("resp_gone")) {
                try await stores.responses.list(scope: .everything, limit: 10, after: "resp_gone", prefix: nil, model: nil)
            }
            await #expect(throws: StoreError.unknownCursor("chatcmpl_bob")) {
                try await stores.completions.list(scope: alice, limit: 10, after: "chatcmpl_bob", ascending: true, model: nil)
            }
            await #expect(throws: StoreError.unknownCursor("media_bob")) { try await stores.media.list(owner: "alice", limit: 10, after: "media_bob", kind: nil) }
            await #expect(throws: StoreError.unknownCursor(job.id)) { try await stores.jobs.list(owner: "alice", limit: 10, after: job.id) }
            // The same cursors are fine for their owner and for the admin.
            #expect(try await stores.responses.list(scope: bob, limit: 10, after: "resp_bob", prefix: nil, model: nil).items.isEmpty)
            #expect(try await stores.media.list(owner: nil, limit: 10, after: "media_bob", kind: nil).items.isEmpty)
            #expect(try await stores.jobs.list(owner: "bob", limit: 10, after: job.id).items.isEmpty)
        }
    }
}
