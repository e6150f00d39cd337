import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL database of replicas that share their state (SPEC §17): a pooled `PostgresClient` from
/// `DATABASE_URL`, migrated at start-up under an advisory lock. Its failures reach callers as
/// `StoreError.unavailable` naming the server (never the password), so the HTTP layer answers `503`; the
/// pool reconnects by itself when the server is back.
public final class PostgresDatabase: Sendable {
    let client: PostgresClient
    /// `host:port`, for messages.
    public let server: String
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Opens a pool to `url` and runs it until `shutdown()`; throws a `StoreError.unavailable` sentence for a
    /// malformed URL.
    public init(url: String, poolSize: Int, logger: Logger) throws {
        let location = try PostgresLocation(url)
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database,
            tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        server = "\(location.host):\(location.port)"
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Stops the pool.
    public func shutdown() {
        runner.cancel()
    }

    /// Checks the server's version and applies the migrations it lacks, one replica at a time.
    public func migrate() async throws {
        let version = try await run { client in
            try await client.query("SHOW server_version_num", logger: logger).collect().first?.decode(String.self) ?? "0"
        }
        guard let number = Int(version), number >= 140_000 else {
            throw StoreError.unavailable("PostgreSQL 14 or newer is needed; \(server) runs version \(version)")
        }
        try await run { client in
            try await client.withConnection { connection in
                _ = try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.advisoryLock))", logger: logger).collect()
                do {
                    try await Self.apply(PostgresSchema.migrations, on: connection, logger: logger)
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.advisoryLock))", logger: logger).collect()
                    throw error
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.advisoryLock))", logger: logger).collect()
            }
        }
    }

    private static func apply(_ migrations: [(id: String, sql: [String])], on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query("CREATE TABLE IF NOT EXISTS prism_migrations (id TEXT PRIMARY KEY)", logger: logger).collect()
        let applied = Set(try await connection.query("SELECT id FROM prism_migrations", logger: logger).collect().map { try $0.decode(String.self) })
        for migration in migrations where !applied.contains(migration.id) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.sql { _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect() }
                _ = try await connection.query("INSERT INTO prism_migrations (id) VALUES (\(migration.id))", logger: logger).collect()
            }
        }
    }

    /// Runs `body` with the pool; a failure of the database becomes `StoreError.unavailable`.
    func run<Value: Sendable>(_ body: (PostgresClient) async throws -> Value) async throws -> Value {
        do {
            return try await body(client)
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError {
            let detail = error.serverInfo?[.message] ?? error.code.description
            logger.error("PostgreSQL at \(server) failed: \(detail)")
            throw StoreError.unavailable("PostgreSQL at \(server): \(detail)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StoreError.unavailable("PostgreSQL at \(server): \(error)")
        }
    }

    /// Runs `body` in one transaction.
    func transaction<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await run { client in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }
}

/// `postgres://user:password@host:5432/db?sslmode=require|disable`, parsed and checked.
struct PostgresLocation: Sendable {
    let host: String
    let port: Int
    let user: String
    let password: String?
    let database: String
    let requireTLS: Bool

    init(_ url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw StoreError.unavailable("DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        guard let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
            throw StoreError.unavailable("DATABASE_URL needs a user and a host, as in postgres://user:password@host:5432/database")
        }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw StoreError.unavailable("DATABASE_URL names no database: end it with /<database>") }
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "require", "prefer", "allow", "verify-ca", "verify-full"].contains(mode) else {
            throw StoreError.unavailable("DATABASE_URL has sslmode=\(mode): use require or disable")
        }
        self.host = host
        port = parts.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = parts.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        requireTLS = ["require", "verify-ca", "verify-full"].contains(mode)
    }
}
