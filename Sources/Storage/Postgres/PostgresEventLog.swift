import PostgresNIO

/// The event log in PostgreSQL: one multi-row insert per batch; followers on other replicas hear of it by
/// `NOTIFY` on the job channel (the stream id is the payload), and poll once a second besides.
struct PostgresEventLog: EventLog {
    let database: PostgresDatabase
    var changes: JobChanges { database.eventChanges }

    func append(_ events: [LoggedEvent]) async throws {
        guard !events.isEmpty else { return }
        let logger = database.logger
        // The last of each (stream, seq) only: one statement may not update a row twice.
        var seen = Set<String>()
        let last = events.reversed().filter { seen.insert("\($0.streamID)#\($0.sequence)").inserted }.reversed()
        var insert = PostgresMultiRowInsert(
            table: "response_events", columns: "stream_id, seq, type, data, final",
            suffix: "ON CONFLICT (stream_id, seq) DO UPDATE SET type = EXCLUDED.type, data = EXCLUDED.data, final = EXCLUDED.final")
        for event in last {
            insert.row { bindings in
                bindings.append(event.streamID)
                bindings.append(event.sequence)
                bindings.append(event.type)
                bindings.append(event.data)
                bindings.append(event.isFinal)
            }
        }
        let (queries, streams) = (insert.queries, Array(Set(events.map(\.streamID))))
        try await database.transaction { connection in
            for query in queries { try await connection.run(query, logger: logger) }
            try await connection.run("SELECT pg_notify(\(PostgresDatabase.eventChannel), stream) FROM unnest(\(streams)::text[]) AS stream", logger: logger)
        }
        for stream in Set(events.map(\.streamID)) { changes.announce(stream) }
    }

    func events(of streamID: String, after sequence: Int?, limit: Int) async throws -> [LoggedEvent] {
        try await database.run { client in
            try await client.query("""
                SELECT seq, type, data, final FROM response_events WHERE stream_id = \(streamID) AND seq > \(sequence ?? -1) ORDER BY seq LIMIT \(limit)
                """, logger: database.logger).collect().map { row in
                let (seq, type, data, final) = try row.decode((Int, String, String, Bool).self)
                return LoggedEvent(streamID: streamID, sequence: seq, type: type, data: data, isFinal: final)
            }
        }
    }

    func last(of streamID: String) async throws -> (sequence: Int, isFinal: Bool)? {
        try await database.run { client in
            try await client.query("SELECT seq, final FROM response_events WHERE stream_id = \(streamID) ORDER BY seq DESC LIMIT 1", logger: database.logger)
                .collect().first.map { row in
                    let (seq, final) = try row.decode((Int, Bool).self)
                    return (sequence: seq, isFinal: final)
                }
        }
    }

    func deleteOrphans() async throws -> Int {
        try await database.run { client in
            try await client.query(
                "WITH gone AS (DELETE FROM response_events e WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = e.stream_id) RETURNING 1) SELECT count(*) FROM gone",
                logger: database.logger
            ).collect().first?.decode(Int.self) ?? 0
        }
    }

    func unfinished() async throws -> [String] {
        try await database.run { client in
            try await client.query("SELECT stream_id FROM response_events GROUP BY stream_id HAVING NOT bool_or(final) ORDER BY stream_id", logger: database.logger)
                .collect().map { try $0.decode(String.self) }
        }
    }
}
