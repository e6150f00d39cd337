import Foundation
import GRDB
import PrismShared
import Testing
@testable import Storage

/// `prism.v3.responses.one_row`: a data directory from before it opens with every response's input items
/// inline, in order, and `prism db copy` reads both the old file and the new one.
@Suite("Input items moved inline into their response's row")
struct ResponseRowMigrationTests {
    /// A `prism.sqlite` as releases before the migration wrote it: two responses, one with three items
    /// (inserted out of order), one with none.
    private func oldFile() throws -> (directory: String, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-rows-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("prism.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "media.v4.jobs.delivery")
        try queue.write { db in
            for (id, previous) in [("resp_1", nil), ("resp_2", "resp_1")] as [(String, String?)] {
                try db.execute(sql: """
                    INSERT INTO responses (id, principal, model, status, previous_response_id, root_id, depth, title, preview, created_at, object)
                    VALUES (?, 'alice', 'm', 'completed', ?, 'resp_1', ?, 't', 'p', 1, ?)
                    """, arguments: [id, previous, previous == nil ? 1 : 2, #"{"id":"\#(id)","status":"completed","output":[]}"#])
            }
            for position in [2, 0, 1] {
                try db.execute(sql: "INSERT INTO response_input_items (response_id, position, item_id, item) VALUES ('resp_1', ?, ?, ?)",
                               arguments: [position, "msg_\(position)", #"{"id":"msg_\#(position)","n":1e3}"#])
            }
        }
        return (directory, path)
    }

    @Test("items arrive inline and in order, and pages over them work as before")
    func migrated() async throws {
        let (directory, _) = try oldFile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stores = try Stores.sqlite(directory: directory)
        let chain = try #require(try await stores.responses.chain(endingAt: "resp_2", scope: .everything))
        #expect(chain.map { $0.inputItems.map { $0["id"]?.stringValue } } == [["msg_0", "msg_1", "msg_2"], []])
        let page = try #require(try await stores.responses.inputItems(responseID: "resp_1", scope: .everything, limit: 1, ascending: false, after: "msg_2"))
        #expect(page.items.map { $0["id"] } == ["msg_1"] && page.hasMore)
        await #expect(throws: StoreError.self) {
            try await stores.responses.inputItems(responseID: "resp_1", scope: .everything, limit: 5, ascending: true, after: "msg_9")
        }
        try await stores.responses.save(storedResponse("resp_3", previous: "resp_2", items: 2))
        #expect(try await stores.responses.chain(endingAt: "resp_3", scope: .everything)?.map(\.inputItems.count) == [3, 0, 2])
    }

    @Test("db copy reads the items of an old file and of a migrated one alike")
    func copied() async throws {
        for migrate in [false, true] {
            let (directory, path) = try oldFile()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            if migrate { _ = try Stores.sqlite(directory: directory) }
            let url = try await PostgresCluster.shared.newDatabase()
            var lines: [String] = []
            try await StoreCopy.copy(fromSQLite: path, to: url) { lines.append($0) }
            #expect(lines.contains("response_input_items: 3 rows read, 3 new, 0 there already"), "migrated \(migrate): \(lines)")
            #expect(try await StoreCopy.check(fromSQLite: path, to: url).allSatisfy { $0.sqlite == $0.postgres })
            let (postgres, database) = try await Stores.postgres(url: url, poolSize: 1)
            let items = try await postgres.responses.inputItems(responseID: "resp_1", scope: .everything, limit: 10, ascending: true, after: nil)
            #expect(items?.items.map { $0["id"] } == ["msg_0", "msg_1", "msg_2"], "migrated \(migrate)")
            await database.close()
        }
    }
}
