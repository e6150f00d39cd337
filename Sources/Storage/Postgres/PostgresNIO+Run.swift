import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` to its end without reading rows. Reading to the end matters: a statement's error (a
    /// violated constraint, a lock not granted) arrives after its first answer, and would be lost with a
    /// sequence that nobody reads.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension PostgresClient {
    /// Runs `query` on a connection of the pool to its end without reading rows (see `PostgresConnection.run`).
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
