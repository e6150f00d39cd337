import PostgresNIO

/// Statistics and generated secrets of the PostgreSQL database. Secrets live in `prism_secrets`, so every
/// replica signs and verifies alike: the first replica's value wins (`ON CONFLICT DO NOTHING`).
struct PostgresMaintenance: StoreMaintenance {
    let database: PostgresDatabase

    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int) {
        try await database.run { client in
            var counts: [String: Int] = [:]
            for table in ["responses", "chat_completions", "media", "jobs"] {
                counts[table] = try await client.query("SELECT count(*) FROM \(unescaped: table)", logger: database.logger).collect().first?.decode(Int.self) ?? 0
            }
            let bytes = try await client.query(
                "SELECT COALESCE(sum(bytes), 0)::bigint FROM (SELECT DISTINCT sha256, bytes FROM media) AS distinct_media", logger: database.logger
            ).collect().first?.decode(Int.self) ?? 0
            return (counts, bytes)
        }
    }

    /// PostgreSQL's autovacuum keeps the space in check; a manual VACUUM cannot run in the pool's
    /// transactions-capable connections without care, and would lock replicas, so this is a plain VACUUM.
    func vacuum() async throws {
        try await database.run { client in _ = try await client.query("VACUUM", logger: database.logger).collect() }
    }

    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        let candidate = create()
        return try await database.run { client in
            _ = try await client.query(
                "INSERT INTO prism_secrets (name, value) VALUES (\(name), \(ByteBuffer(bytes: candidate))) ON CONFLICT (name) DO NOTHING",
                logger: database.logger).collect()
            let stored = try await client.query("SELECT value FROM prism_secrets WHERE name = \(name)", logger: database.logger).collect().first?
                .decode(ByteBuffer.self)
            return stored.map { Array($0.readableBytesView) } ?? candidate
        }
    }
}
