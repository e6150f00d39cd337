import GRDB

/// The event log in SQLite: appends go through the group-commit queue, so events of many streams written
/// at once share one transaction.
struct SQLiteEventLog: EventLog {
    let database: SQLiteDatabase
    var changes: JobChanges { database.eventChanges }

    func append(_ events: [LoggedEvent]) async throws {
        guard !events.isEmpty else { return }
        try await database.commits.commit { db in
            // Compiled once per connection, not once per event.
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO response_events (stream_id, seq, type, data, final) VALUES (?, ?, ?, ?, ?)")
            for event in events {
                try insert.execute(arguments: [event.streamID, event.sequence, event.type, event.data, event.isFinal])
            }
        }
        for stream in Set(events.map(\.streamID)) { changes.announce(stream) }
    }

    func events(of streamID: String, after sequence: Int?, limit: Int) async throws -> [LoggedEvent] {
        try await database.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, type, data, final FROM response_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [streamID, sequence ?? -1, limit]
            ).map { LoggedEvent(streamID: streamID, sequence: $0["seq"], type: $0["type"], data: $0["data"], isFinal: $0["final"]) }
        }
    }

    func last(of streamID: String) async throws -> (sequence: Int, isFinal: Bool)? {
        try await database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, final FROM response_events WHERE stream_id = ? ORDER BY seq DESC LIMIT 1", arguments: [streamID])
                .map { (sequence: $0["seq"], isFinal: $0["final"]) }
        }
    }

    func deleteOrphans() async throws -> Int {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM response_events WHERE stream_id NOT IN (SELECT id FROM responses)")
            return db.changesCount
        }
    }

    func unfinished() async throws -> [String] {
        try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT stream_id FROM response_events GROUP BY stream_id HAVING max(final) = 0 ORDER BY stream_id")
        }
    }
}
