import Foundation
import PrismShared
import Storage
import Testing

/// One suite, every protocol method, both backends (SPEC §17): the GRDB stores are the reference behaviour
/// and the PostgreSQL ones must match them — same ids, order, pages, scoping and errors. Its tests are
/// spread over `StoreConformanceTests+*.swift` by store.
@Suite("Store conformance: SQLite and PostgreSQL behave alike")
struct StoreConformanceTests {
    @Test("responses list newest first by insertion order, strictly, even when all were created in the same second", arguments: Backend.allCases)
    func newestFirst(backend: Backend) async throws {
        try await backend.withStores { stores in
            // Ids in no sortable order and one created_at: only the insertion order can give this list.
            let ids = ["resp_k", "resp_b", "resp_x", "resp_a", "resp_m"]
            for id in ids { try await stores.responses.save(storedResponse(id)) }
            let page = try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: nil)
            #expect(page.items.map(\.id) == ids.reversed())
            #expect(!page.hasMore)
            let first = try #require(page.items.first)
            #expect(first.createdAt == 1_700_000_000 && first.model == "m" && first.status == "completed" && first.preview == "answer of resp_m")
        }
    }

    @Test("response lists page with limit + 1, and the last page says there is no more", arguments: Backend.allCases)
    func responsePages(backend: Backend) async throws {
        try await backend.withStores { stores in
            for index in 0..<5 { try await stores.responses.save(storedResponse("resp_\(index)")) }
            let first = try await stores.responses.list(scope: alice, limit: 2, after: nil, prefix: nil, model: nil)
            #expect(first.items.map(\.id) == ["resp_4", "resp_3"] && first.hasMore)
            let second = try await stores.responses.list(scope: alice, limit: 2, after: "resp_3", prefix: nil, model: nil)
            #expect(second.items.map(\.id) == ["resp_2", "resp_1"] && second.hasMore)
            let last = try await stores.responses.list(scope: alice, limit: 2, after: "resp_1", prefix: nil, model: nil)
            #expect(last.items.map(\.id) == ["resp_0"] && !last.hasMore)
            let exact = try await stores.responses.list(scope: alice, limit: 5, after: nil, prefix: nil, model: nil)
            #expect(exact.items.count == 5 && !exact.hasMore)
        }
    }

    @Test("response lists filter by id prefix and exact model, and show each principal only its own", arguments: Backend.allCases)
    func responseFilters(backend: Backend) async throws {
        try await backend.withStores { stores in
            for index in 0..<4 { try await stores.responses.save(storedResponse("resp_\(index % 2 == 0 ? "even" : "odd")_\(index)", model: index < 2 ? "m1" : "m2")) }
            try await stores.responses.save(storedResponse("resp_even_bob", principal: "bob", model: "m1"))
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: "resp_even", model: nil).items.map(\.id) == ["resp_even_2", "resp_even_0"])
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: "m1").items.map(\.id) == ["resp_odd_1", "resp_even_0"])
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: "resp_odd", model: "m2").items.map(\.id) == ["resp_odd_3"])
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: "m").items.isEmpty)
            #expect(try await stores.responses.list(scope: bob, limit: 10, after: nil, prefix: nil, model: nil).items.map(\.id) == ["resp_even_bob"])
            #expect(try await stores.responses.list(scope: .everything, limit: 10, after: nil, prefix: "resp_even", model: nil).items.count == 3)
            #expect(try await stores.responses.response(id: "resp_even_bob", scope: alice) == nil)
            #expect(try await stores.responses.response(id: "resp_even_bob", scope: bob)?["id"] == "resp_even_bob")
            #expect(try await stores.responses.response(id: "resp_even_bob", scope: .everything)?["status"] == "completed")
        }
    }

    @Test("saving a response again replaces its state but never that of a completed one, and keeps its input items once",
          arguments: Backend.allCases)
    func saveAgain(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_wait", status: "in_progress", items: 2))
            try await stores.responses.save(storedResponse("resp_wait", status: "incomplete", items: 2))
            #expect(try await stores.responses.response(id: "resp_wait", scope: alice)?["status"] == "incomplete")
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: nil).items.map(\.status) == ["incomplete"])
            try await stores.responses.complete(id: "resp_wait", object: ["id": "resp_wait", "status": "completed"], preview: "done")
            #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: nil).items.first?.preview == "done")
            try await stores.responses.save(storedResponse("resp_wait", status: "failed", items: 2))
            try await stores.responses.complete(id: "resp_wait", object: ["id": "resp_wait", "status": "failed"], preview: "late")
            #expect(try await stores.responses.response(id: "resp_wait", scope: alice)?["status"] == "completed")
            let items = try #require(try await stores.responses.inputItems(responseID: "resp_wait", scope: alice, limit: 10, ascending: true, after: nil))
            #expect(items.items.count == 2)
            // A background response stays queued until its end, which complete() stores.
            try await stores.responses.save(storedResponse("resp_queued", status: "queued"))
            try await stores.responses.complete(id: "resp_queued", object: ["id": "resp_queued", "status": "cancelled"], preview: "")
            #expect(try await stores.responses.response(id: "resp_queued", scope: alice)?["status"] == "cancelled")
        }
    }

    @Test("a chain of 150 turns comes back whole and in order from one query", arguments: Backend.allCases)
    func longChain(backend: Backend) async throws {
        try await backend.withStores { stores in
            var previous: String?
            for index in 0..<150 {
                try await stores.responses.save(storedResponse("resp_\(index)", previous: previous, principal: "p"))
                previous = "resp_\(index)"
            }
            let chain = try #require(try await stores.responses.chain(endingAt: "resp_149", scope: .everything))
            #expect(chain.count == 150)
            #expect(chain.map { $0.object["id"]?.stringValue } == (0..<150).map { "resp_\($0)" })
            #expect(chain.allSatisfy { $0.inputItems.count == 1 })
            #expect(chain.last?.inputItems.first?["id"] == "msg_resp_149_0")
            let conversations = try await stores.responses.conversations(scope: .everything, limit: 10, after: nil)
            #expect(conversations.items.map(\.turns) == [150])
        }
    }

    @Test("a chain read again after a delete or a late completion is the stored one, not a remembered one", arguments: Backend.allCases)
    func chainAfterChanges(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_a"))
            try await stores.responses.save(storedResponse("resp_b", previous: "resp_a"))
            try await stores.responses.save(storedResponse("resp_c", previous: "resp_b"))
            #expect(try await stores.responses.chain(endingAt: "resp_c", scope: .everything)?.count == 3)
            #expect(try await stores.responses.delete(id: "resp_a", scope: .everything))
            #expect(try await stores.responses.chain(endingAt: "resp_c", scope: .everything)?.map { $0.object["id"] } == ["resp_b", "resp_c"])

            try await stores.responses.save(storedResponse("resp_m", status: "in_progress"))
            try await stores.responses.save(storedResponse("resp_n", previous: "resp_m"))
            #expect(try await stores.responses.chain(endingAt: "resp_n", scope: .everything)?.first?.object["status"] == "in_progress")
            try await stores.responses.complete(id: "resp_m", object: ["id": "resp_m", "status": "completed", "output": []], preview: "done")
            #expect(try await stores.responses.chain(endingAt: "resp_n", scope: .everything)?.first?.object["status"] == "completed")
        }
    }

    @Test("a chain never crosses into another principal's responses", arguments: Backend.allCases)
    func scopedChain(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_a", principal: "alice"))
            try await stores.responses.save(storedResponse("resp_b", previous: "resp_a", principal: "bob"))
            #expect(try await stores.responses.chain(endingAt: "resp_b", scope: bob)?.count == 1)
            #expect(try await stores.responses.chain(endingAt: "resp_a", scope: bob) == nil)
            #expect(try await stores.responses.chain(endingAt: "resp_b", scope: .everything)?.count == 2)
            #expect(try await stores.responses.chain(endingAt: "resp_unknown", scope: .everything) == nil)
        }
    }

    @Test("a chain's links carry their input items in order, the root first", arguments: Backend.allCases)
    func chainItems(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_1", items: 3))
            try await stores.responses.save(storedResponse("resp_2", previous: "resp_1", items: 0))
            try await stores.responses.save(storedResponse("resp_3", previous: "resp_2", items: 2))
            let chain = try #require(try await stores.responses.chain(endingAt: "resp_3", scope: alice))
            #expect(chain.map { $0.inputItems.compactMap { $0["id"]?.stringValue } } == [
                ["msg_resp_1_0", "msg_resp_1_1", "msg_resp_1_2"], [], ["msg_resp_3_0", "msg_resp_3_1"],
            ])
            #expect(try await stores.responses.chain(endingAt: "resp_2", scope: alice)?.count == 2)
        }
    }

    @Test("input items page both ways from a cursor, and only for the response's principal", arguments: Backend.allCases)
    func inputItems(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_root", items: 5))
            func ids(_ page: Page<JSONValue>?) -> [String] { page?.items.compactMap { $0["id"]?.stringValue } ?? [] }
            let ascending = try #require(try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 2, ascending: true, after: nil))
            #expect(ids(ascending) == ["msg_resp_root_0", "msg_resp_root_1"] && ascending.hasMore)
            let next = try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 2, ascending: true, after: "msg_resp_root_1")
            #expect(ids(next) == ["msg_resp_root_2", "msg_resp_root_3"] && next?.hasMore == true)
            let end = try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 2, ascending: true, after: "msg_resp_root_3")
            #expect(ids(end) == ["msg_resp_root_4"] && end?.hasMore == false)
            let descending = try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 3, ascending: false, after: nil)
            #expect(ids(descending) == ["msg_resp_root_4", "msg_resp_root_3", "msg_resp_root_2"] && descending?.hasMore == true)
            let back = try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 3, ascending: false, after: "msg_resp_root_2")
            #expect(ids(back) == ["msg_resp_root_1", "msg_resp_root_0"] && back?.hasMore == false)
            #expect(try await stores.responses.inputItems(responseID: "resp_root", scope: bob, limit: 5, ascending: true, after: nil) == nil)
            #expect(try await stores.responses.inputItems(responseID: "resp_none", scope: .everything, limit: 5, ascending: true, after: nil) == nil)
            await #expect(throws: StoreError.unknownCursor("msg_elsewhere")) {
                try await stores.responses.inputItems(responseID: "resp_root", scope: alice, limit: 5, ascending: true, after: "msg_elsewhere")
            }
        }
    }

    @Test("conversations are the leaves of chains, newest first, a branch its own, with root, turns and title", arguments: Backend.allCases)
    func conversations(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_root", createdAt: 100, firstUserText: "How do cats purr?"))
            try await stores.responses.save(storedResponse("resp_left", previous: "resp_root", createdAt: 200, firstUserText: "and dogs?"))
            try await stores.responses.save(storedResponse("resp_right", previous: "resp_root", createdAt: 300))
            try await stores.responses.save(storedResponse("resp_deep", previous: "resp_left", createdAt: 400))
            try await stores.responses.save(storedResponse("resp_alone", createdAt: 500))
            try await stores.responses.save(storedResponse("resp_bob", principal: "bob"))
            let page = try await stores.responses.conversations(scope: alice, limit: 2, after: nil)
            #expect(page.items.map(\.leafID) == ["resp_alone", "resp_deep"] && page.hasMore)
            let deep = try #require(page.items.last)
            #expect(deep.rootID == "resp_root" && deep.turns == 3 && deep.title == "How do cats purr?")
            #expect(deep.createdAt == 100 && deep.updatedAt == 400 && deep.model == "m")
            let rest = try await stores.responses.conversations(scope: alice, limit: 2, after: "resp_deep")
            #expect(rest.items.map(\.leafID) == ["resp_right"] && !rest.hasMore)
            #expect(rest.items.first?.turns == 2 && rest.items.first?.rootID == "resp_root")
            #expect(try await stores.responses.conversations(scope: .everything, limit: 10, after: nil).items.map(\.leafID)
                == ["resp_bob", "resp_alone", "resp_deep", "resp_right"])
        }
    }

    @Test("deleting a response takes its input items along; delete and delete-all touch only what the caller may see",
          arguments: Backend.allCases)
    func deletes(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_1", items: 3))
            try await stores.responses.save(storedResponse("resp_2"))
            try await stores.responses.save(storedResponse("resp_bob", principal: "bob"))
            #expect(try await stores.responses.delete(id: "resp_1", scope: bob) == false)
            #expect(try await stores.responses.delete(id: "resp_1", scope: alice))
            #expect(try await stores.responses.delete(id: "resp_1", scope: alice) == false)
            #expect(try await stores.responses.response(id: "resp_1", scope: alice) == nil)
            // Saved again under the same id, it has only its new items: the old ones went with the row.
            try await stores.responses.save(storedResponse("resp_1", items: 1))
            #expect(try await stores.responses.inputItems(responseID: "resp_1", scope: alice, limit: 10, ascending: true, after: nil)?.items.count == 1)
            #expect(try await stores.responses.deleteAll(scope: alice) == 2)
            #expect(try await stores.responses.list(scope: .everything, limit: 10, after: nil, prefix: nil, model: nil).items.map(\.id) == ["resp_bob"])
            #expect(try await stores.responses.deleteAll(scope: .everything) == 1)
        }
    }
}
