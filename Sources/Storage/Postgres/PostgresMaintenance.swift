import PostgresNIO

/// Statistics, vacuum and generated secrets of the PostgreSQL database.
struct PostgresMaintenance: StoreMaintenance {
    let database: PostgresDatabase
    /// The tables `statistics` counts, as on SQLite.
    static let countedTables = ["responses", "chat_completions", "media", "jobs"]

    /// Rows per table and the bytes of distinct media blobs.
    func databaseBytes() async throws -> Int {
        try await database.run { client in
            try await client.query("SELECT pg_database_size(current_database())", logger: database.logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int) {
        try await database.run { client in
            var counts: [String: Int] = [:]
            for table in Self.countedTables {
                counts[table] = try await client.query("SELECT count(*) FROM \(unescaped: table)", logger: database.logger).collect().first?.decode(Int.self) ?? 0
            }
            let bytes = try await client.query(
                "SELECT COALESCE(sum(bytes), 0)::bigint FROM (SELECT DISTINCT sha256, bytes FROM media) AS distinct_media", logger: database.logger
            ).collect().first?.decode(Int.self) ?? 0
            return (counts, bytes)
        }
    }

    /// A plain `VACUUM` of Prism's tables: it marks the space of deleted rows for reuse without locking out
    /// the other replicas (`VACUUM FULL` would, and autovacuum does this work on its own anyway). It runs
    /// as a single statement outside any transaction, which `VACUUM` requires.
    func vacuum() async throws {
        try await database.run { client in
            try await client.run("VACUUM responses, response_input_items, chat_completions, media, jobs, prism_secrets", logger: database.logger)
        }
    }

    /// Kept in `prism_secrets`, so every replica signs and verifies alike: the first replica's value wins
    /// (`ON CONFLICT DO NOTHING`) and every replica then reads the one that was kept.
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        let candidate = create()
        return try await database.run { client in
            try await client.run(
                "INSERT INTO prism_secrets (name, value) VALUES (\(name), \(ByteBuffer(bytes: candidate))) ON CONFLICT (name) DO NOTHING",
                logger: database.logger)
            guard let stored = try await client.query("SELECT value FROM prism_secrets WHERE name = \(name)", logger: database.logger).collect().first
            else { throw StoreError.unavailable("PostgreSQL at \(database.server): the secret \(name) was not kept") }
            return Array(try stored.decode(ByteBuffer.self).readableBytesView)
        }
    }
}
