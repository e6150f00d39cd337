import Logging
import PostgresNIO

/// What every PostgreSQL store does alike: resolving a list cursor and scoped deletes. Table names are
/// Prism's own constants, never input.
enum PostgresPaging {
    /// The insertion sequence of `id` among the rows `owner` may see; another principal's id answers like
    /// an unknown one (`StoreError.unknownCursor`), so a cursor cannot tell that an id exists.
    static func sequence(of id: String?, table: String, owner: String?, client: PostgresClient, logger: Logger) async throws -> Int? {
        guard let id else { return nil }
        let found = try await client.query(
            "SELECT seq FROM \(unescaped: table) WHERE id = \(id) AND (\(owner)::text IS NULL OR principal = \(owner))", logger: logger
        ).collect().first
        guard let seq = try found?.decode(Int.self) else { throw StoreError.unknownCursor(id) }
        return seq
    }

    /// Deletes the row `id` of `table` (every row `owner` may see when `id` is nil); returns how many went.
    static func delete(from table: String, id: String?, owner: String?, database: PostgresDatabase) async throws -> Int {
        try await database.run { client in
            try await client.query("""
                WITH gone AS (DELETE FROM \(unescaped: table) WHERE (\(id)::text IS NULL OR id = \(id))
                AND (\(owner)::text IS NULL OR principal = \(owner)) RETURNING 1) SELECT count(*) FROM gone
                """, logger: database.logger).collect().first?.decode(Int.self) ?? 0
        }
    }
}
