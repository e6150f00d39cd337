import Foundation
import GRDB
import Media

/// The gateway's SQLite database: WAL mode, versioned migrations, every access through GRDB's async API
/// so no event loop ever waits on the disk. Each module registers its own migrations.
struct GatewayDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Where the hot-path inserts go, so concurrent answers share commits.
    let commits: CommitQueue

    /// Opens (creating when needed) `prism.sqlite` in `directory`.
    static func open(directory: String) throws -> GatewayDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit is durable against a crash or `kill -9` of the gateway (the
        // WAL is in the OS's hands), without an fsync per answer. Only a power cut can lose the last commits.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: (directory as NSString).appendingPathComponent("prism.sqlite"), configuration: configuration)
        return try GatewayDatabase(pool)
    }

    /// An empty in-memory database with every migration applied, for tests.
    static func inMemory() throws -> GatewayDatabase {
        try GatewayDatabase(DatabaseQueue())
    }

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        commits = CommitQueue(writer: writer)
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        ResponseStore.registerMigrations(in: &migrator)
        ChatCompletionStore.registerMigrations(in: &migrator)
        MediaStore.registerMigrations(in: &migrator)
        JobStore.registerMigrations(in: &migrator)
        return migrator
    }
}

extension GatewayDatabase {
    /// Rows per table and the bytes of distinct media files, for `admin/magic stats`.
    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int) {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["responses", "chat_completions", "media", "jobs"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            let bytes = try Int.fetchOne(db, sql: "SELECT COALESCE(sum(bytes), 0) FROM (SELECT DISTINCT sha256, bytes FROM media)") ?? 0
            return (counts, bytes)
        }
    }

    /// Rebuilds the database file, returning the space it gave back.
    /// Deletes the row `id` of `table` (every row the scope may see when `id` is `nil`); returns how many
    /// went. Rows that hang off it go by `ON DELETE CASCADE`.
    func delete(from table: String, id: String? = nil, scope: Scope) async throws -> Int {
        let (condition, arguments) = scope.condition()
        // Spelled out rather than `? IS NULL OR id = ?`, which would keep SQLite from the id index.
        let (sql, values): (String, StatementArguments) = id.map { ("id = ? AND \(condition)", [$0] + arguments) } ?? (condition, arguments)
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE \(sql)", arguments: values)
            return db.changesCount
        }
    }

    func vacuum() async throws {
        try await writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    }
}

/// One page of a list, newest or oldest first as asked.
struct Page<Item: Sendable>: Sendable {
    let items: [Item]
    let hasMore: Bool
}

/// Which rows a principal may see: its own, or all for the admin.
struct Scope: Sendable {
    let principal: String
    let isAdmin: Bool

    init(_ principal: Principal) {
        self.principal = principal.id
        isAdmin = principal.isAdmin
    }

    /// Every principal's objects, for the gateway's own background work.
    static let everything = Scope(.admin)

    /// A SQL condition on `column` and its arguments.
    func condition(_ column: String = "principal") -> (sql: String, arguments: StatementArguments) {
        isAdmin ? ("1 = 1", []) : ("\(column) = ?", [principal])
    }
}
