import Logging
import PostgresNIO

/// What happens once when a replica opens the database: one connection of its own (not the pool's, so a
/// server that is down answers at once rather than after the pool's retries) checks the server's version,
/// then applies the migrations of `PostgresSchema` that the database lacks.
///
/// Replicas that start together do not race: each takes `pg_advisory_lock(PostgresSchema.advisoryLock)`
/// before reading `prism_migrations`, so the second waits for the first and then finds nothing to do.
/// The lock belongs to the connection's session, and the connection is closed at the end whatever happened,
/// so a replica that fails half-way never leaves the lock held.
enum PostgresMigrator {
    /// The oldest server Prism runs on.
    static let minimumVersion = 140_000

    /// Checks and migrates the database at `location`.
    static func prepare(_ location: PostgresLocation, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw PostgresFailure.storeError(error, server: location.server)
        }
        do {
            try await checkVersion(on: connection, server: location.server, logger: logger)
            try await migrate(connection, logger: logger)
        } catch {
            // The error that stopped start-up is the one to report; a failure to say goodbye adds nothing.
            try? await connection.close()
            throw PostgresFailure.storeError(error, server: location.server)
        }
        try await connection.close()
    }

    /// Refuses a server older than PostgreSQL 14 with a sentence naming it and its version.
    static func checkVersion(on connection: PostgresConnection, server: String, logger: Logger) async throws {
        let text = try await connection.query("SHOW server_version_num", logger: logger).collect().first?.decode(String.self) ?? ""
        if let problem = versionProblem(serverVersionNumber: text, server: server) { throw StoreError.unavailable(problem) }
    }

    /// The sentence for a `server_version_num` that is too old (or unreadable); `nil` when it is fine.
    static func versionProblem(serverVersionNumber text: String, server: String) -> String? {
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            return "PostgreSQL at \(server) did not say which version it runs; PostgreSQL 14 or newer is needed"
        }
        guard number < minimumVersion else { return nil }
        // Since PostgreSQL 10 the number is major * 10000 + minor; before, major * 10000 + minor * 100 + patch.
        let version = number >= 100_000 ? "\(number / 10_000).\(number % 10_000)" : "\(number / 10_000).\(number / 100 % 100)"
        return "PostgreSQL 14 or newer is needed; \(server) runs \(version)"
    }

    /// Applies every migration the database lacks, in order, under the advisory lock.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SELECT pg_advisory_lock(\(PostgresSchema.advisoryLock))", logger: logger)
        try await connection.run(PostgresQuery(unsafeSQL: PostgresSchema.migrationsTable), logger: logger)
        let applied = Set(try await connection.query("SELECT id FROM prism_migrations", logger: logger).collect().map { try $0.decode(String.self) })
        for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
            logger.info("Applying PostgreSQL migration \(migration.id)")
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.sql { try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.run("INSERT INTO prism_migrations (id) VALUES (\(migration.id))", logger: logger)
            }
        }
        try await connection.run("SELECT pg_advisory_unlock(\(PostgresSchema.advisoryLock))", logger: logger)
    }
}
