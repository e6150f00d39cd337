import Foundation
import Logging
import PrismShared
@testable import Storage
import Testing

/// Opening PostgreSQL (SPEC §17): DATABASE_URL, a server that is down, too old or refuses the password,
/// replicas migrating at once — each stopping start-up with one sentence that names the server and never
/// the password.
@Suite("PostgreSQL: opening the database")
struct PostgresDatabaseTests {
    /// A URL and what should be read from it.
    struct ParsedURL: Sendable, CustomTestStringConvertible {
        let url: String
        let user: String
        let password: String?
        let host: String
        let port: Int
        let database: String
        let mode: PostgresLocation.TLSMode

        var testDescription: String { url }
    }

    @Test("DATABASE_URL is read: user, password, host, port, database and sslmode, percent-encoding undone", arguments: [
        ParsedURL(url: "postgres://prism:pw@db.example:6543/gateway?sslmode=require", user: "prism", password: "pw", host: "db.example", port: 6543,
                  database: "gateway", mode: .require),
        ParsedURL(url: "postgresql://prism:p%40ss%2Fw@127.0.0.1/prism?sslmode=disable", user: "prism", password: "p@ss/w", host: "127.0.0.1", port: 5432,
                  database: "prism", mode: .disable),
        ParsedURL(url: "postgres://app@db/app", user: "app", password: nil, host: "db", port: 5432, database: "app", mode: .prefer),
        ParsedURL(url: "postgres://app:x@db/app?sslmode=verify-full&channel_binding=require", user: "app", password: "x", host: "db", port: 5432,
                  database: "app", mode: .verifyFull),
    ])
    func parsesURL(expected: ParsedURL) throws {
        let location = try PostgresLocation(expected.url)
        #expect(location.user == expected.user && location.password == expected.password && location.host == expected.host)
        #expect(location.port == expected.port && location.database == expected.database && location.tlsMode == expected.mode)
        #expect(location.server == "\(expected.host):\(expected.port)")
    }

    @Test("a malformed DATABASE_URL is one sentence naming what to fix, without the password", arguments: [
        ("mysql://prism:hunter2@db/prism", "must start with postgres://"),
        ("postgres://:hunter2@db/prism", "names no user"),
        ("postgres://prism:hunter2@/prism", "names no host"),
        ("postgres://prism:hunter2@db", "names no database"),
        ("postgres://prism:hunter2@db/", "names no database"),
        ("postgres://prism:hunter2@db:99999/prism", "port"),
        ("postgres://prism:hunter2@db/prism?sslmode=sometimes", "sslmode=sometimes"),
    ])
    func refusesMalformedURL(url: String, fix: String) throws {
        let error = try #require(throws: StoreError.self) { try PostgresLocation(url) }
        guard case .unavailable(let sentence) = error else { Issue.record("\(error) is not a sentence"); return }
        #expect(sentence.contains(fix), "\(sentence)")
        #expect(!sentence.contains("hunter2") && !sentence.contains("`"))
    }

    @Test("a server older than PostgreSQL 14 is refused with a sentence naming it and its version", arguments: [
        ("130012", "PostgreSQL 14 or newer is needed; db:5432 runs 13.12"),
        ("90624", "PostgreSQL 14 or newer is needed; db:5432 runs 9.6"),
    ])
    func refusesOldServer(number: String, sentence: String) {
        #expect(PostgresMigrator.versionProblem(serverVersionNumber: number, server: "db:5432") == sentence)
        #expect(PostgresMigrator.versionProblem(serverVersionNumber: "140000", server: "db:5432") == nil)
        #expect(PostgresMigrator.versionProblem(serverVersionNumber: "170002", server: "db:5432") == nil)
    }

    @Test("a server that is down at start-up stops it with a sentence naming the host and port")
    func serverDown() async throws {
        let port = try PostgresCluster.freePort()
        let error = try await #require(throws: StoreError.self) {
            _ = try await Stores.postgres(url: "postgres://prism:hunter2@127.0.0.1:\(port)/prism?sslmode=disable", poolSize: 2)
        }
        guard case .unavailable(let sentence) = error else { Issue.record("\(error) is not a sentence"); return }
        #expect(sentence.hasPrefix("PostgreSQL at 127.0.0.1:\(port): could not connect"), "\(sentence)")
        #expect(sentence.lowercased().contains("refused") && !sentence.contains("hunter2"), "\(sentence)")
    }

    @Test("a wrong password or an unknown database is the server's own reason, without the password")
    func refusedLogin() async throws {
        let port = try await PostgresCluster.shared.port()
        let wrong = try await #require(throws: StoreError.self) {
            _ = try await Stores.postgres(url: "postgres://prism:hunter2@127.0.0.1:\(port)/postgres?sslmode=disable", poolSize: 2)
        }
        #expect(wrong == .unavailable("PostgreSQL at 127.0.0.1:\(port): password authentication failed for user \"prism\""))
        let missing = try await #require(throws: StoreError.self) {
            _ = try await Stores.postgres(url: "postgres://prism:\(PostgresCluster.password)@127.0.0.1:\(port)/t_missing?sslmode=disable", poolSize: 2)
        }
        #expect(missing == .unavailable("PostgreSQL at 127.0.0.1:\(port): database \"t_missing\" does not exist"))
    }

    @Test("replicas opening a new database together migrate it once, one after the other")
    func concurrentMigrations() async throws {
        let url = try await PostgresCluster.shared.newDatabase()
        let databases = try await withThrowingTaskGroup(of: PostgresDatabase.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresDatabase.open(url: url, poolSize: 2, logger: Logger(label: "test")) } }
            return try await group.reduce(into: [PostgresDatabase]()) { $0.append($1) }
        }
        let (stores, again) = try await Stores.postgres(url: url, poolSize: 2)
        try await stores.responses.save(storedResponse("resp_1"))
        #expect(try await stores.responses.list(scope: alice, limit: 10, after: nil, prefix: nil, model: nil).items.map(\.id) == ["resp_1"])
        let applied = try await again.run { client in
            try await client.query("SELECT id FROM prism_migrations ORDER BY id", logger: again.logger).collect().map { try $0.decode(String.self) }
        }
        #expect(applied == PostgresSchema.migrations.map(\.id))
        for database in databases + [again] { await database.close() }
    }

    @Test("after start-up a failure of the database is StoreError.unavailable naming the server, never the password")
    func failureAfterStartUp() async throws {
        let url = try await PostgresCluster.shared.newDatabase()
        let (stores, database) = try await Stores.postgres(url: url, poolSize: 2)
        await database.close()
        let error = try await #require(throws: StoreError.self) { try await stores.responses.save(storedResponse("resp_1")) }
        guard case .unavailable(let sentence) = error else { Issue.record("\(error) is not a sentence"); return }
        #expect(sentence.hasPrefix("PostgreSQL at \(database.server): "), "\(sentence)")
        #expect(!sentence.contains(PostgresCluster.password))
    }
}
