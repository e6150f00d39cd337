import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    @Test("media rows come back as inserted, newest first, filtered by kind and seen only by their owner", arguments: Backend.allCases)
    func mediaRows(backend: Backend) async throws {
        try await backend.withStores { stores in
            let rows = [mediaRecord("media_c"), mediaRecord("media_v", kind: "video", sha256: "clip"), mediaRecord("media_a"), mediaRecord("media_b", principal: "bob")]
            for row in rows { try await stores.media.insert(row) }
            #expect(try await stores.media.record(id: "media_v", owner: "alice") == rows[1])
            #expect(try await stores.media.record(id: "media_v", owner: nil) == rows[1])
            #expect(try await stores.media.record(id: "media_v", owner: "bob") == nil)
            let first = try await stores.media.list(owner: "alice", limit: 2, after: nil, kind: nil)
            #expect(first.items.map(\.id) == ["media_a", "media_v"] && first.hasMore)
            let rest = try await stores.media.list(owner: "alice", limit: 2, after: "media_v", kind: nil)
            #expect(rest.items.map(\.id) == ["media_c"] && !rest.hasMore)
            #expect(try await stores.media.list(owner: "alice", limit: 10, after: nil, kind: "video").items == [rows[1]])
            #expect(try await stores.media.list(owner: "alice", limit: 10, after: "media_a", kind: "image").items.map(\.id) == ["media_c"])
            #expect(try await stores.media.list(owner: nil, limit: 10, after: nil, kind: "image").items.map(\.id) == ["media_b", "media_a", "media_c"])
        }
    }

    @Test("deleting a media row says whether its blob is orphaned: a blob shared by identical bytes outlives all but its last row",
          arguments: Backend.allCases)
    func mediaDelete(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.media.insert(mediaRecord("media_1"))
            try await stores.media.insert(mediaRecord("media_2", principal: "bob"))
            try await stores.media.insert(mediaRecord("media_3", kind: "video"))
            #expect(try await stores.media.delete(id: "media_1", owner: "bob") == nil)
            let first = try #require(try await stores.media.delete(id: "media_1", owner: "alice"))
            #expect(first.record.id == "media_1" && first.orphaned == false)
            #expect(try await stores.media.delete(id: "media_1", owner: nil) == nil)
            // Same sha256 but another type: another blob, so media_3 does not keep media_2's alive.
            let last = try #require(try await stores.media.delete(id: "media_2", owner: nil))
            #expect(last.orphaned && last.record.blobKey == mediaRecord("media_2").blobKey)
            #expect(try await stores.media.delete(id: "media_3", owner: "alice")?.orphaned == true)
        }
    }

    @Test("purge deletes the rows created before a cutoff (or all) and names the blobs no row uses any more", arguments: Backend.allCases)
    func mediaPurge(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.media.insert(mediaRecord("media_old", sha256: "shared", createdAt: 1))
            try await stores.media.insert(mediaRecord("media_new", sha256: "shared", createdAt: 100))
            try await stores.media.insert(mediaRecord("media_gone", sha256: "lonely", createdAt: 2))
            try await stores.media.insert(mediaRecord("media_clip", kind: "video", sha256: "clip", createdAt: 3))
            let purged = try await stores.media.purge(createdBefore: 50)
            #expect(purged.rows == 3)
            #expect(purged.orphanedKeys == [mediaRecord("x", kind: "video", sha256: "clip").blobKey, mediaRecord("x", sha256: "lonely").blobKey].sorted())
            #expect(try await stores.media.list(owner: nil, limit: 10, after: nil, kind: nil).items.map(\.id) == ["media_new"])
            let all = try await stores.media.purge(createdBefore: nil)
            #expect(all.rows == 1 && all.orphanedKeys == [mediaRecord("x", sha256: "shared").blobKey])
        }
    }

    @Test("statistics count the rows of each table and the bytes of distinct blobs", arguments: Backend.allCases)
    func statistics(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.responses.save(storedResponse("resp_1"))
            try await stores.responses.save(storedResponse("resp_2", previous: "resp_1"))
            try await stores.completions.save(id: "chatcmpl_1", principal: "alice", model: "m", createdAt: 1, completion: [:], messages: [])
            try await stores.media.insert(mediaRecord("media_1", bytes: 10))
            try await stores.media.insert(mediaRecord("media_2", bytes: 10))
            try await stores.media.insert(mediaRecord("media_3", sha256: "other", bytes: 5))
            let (counts, mediaBytes) = try await stores.maintenance.statistics()
            #expect(counts == ["responses": 2, "chat_completions": 1, "media": 3, "jobs": 0])
            #expect(mediaBytes == 15)
            try await stores.maintenance.vacuum()
        }
    }

    @Test("a generated secret is made once and then kept: a second call, with another candidate, gets the first", arguments: Backend.allCases)
    func secrets(backend: Backend) async throws {
        try await backend.withStores(persistent: true) { stores in
            let first = try await stores.maintenance.secret(named: "test-secret") { Array(repeating: 7, count: 32) }
            let second = try await stores.maintenance.secret(named: "test-secret") { Array(repeating: 9, count: 32) }
            #expect(first == Array(repeating: 7, count: 32) && second == first)
            let other = try await stores.maintenance.secret(named: "other-secret") { Array(repeating: 1, count: 48) }
            #expect(other == Array(repeating: 1, count: 48))
        }
    }
}
