import Foundation
import GRDB

/// The gateway's SQLite database: WAL mode, versioned migrations (`SQLiteSchema`), every access through
/// GRDB's async API so no event loop ever waits on the disk.
struct SQLiteDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Where the hot-path inserts go, so concurrent answers share commits.
    let commits: CommitQueue
    /// Wakes job followers after each job write (one process shares a SQLite file: no cross-process signal).
    let jobChanges = JobChanges()
    /// Rung after each write that makes a webhook delivery due, for this process's dispatcher.
    let webhookSignal = OutboxSignal()
    /// Wakes the followers of a background response's events after each append.
    let eventChanges = JobChanges()
    /// The file database's checkpoints, stopped when it closes.
    private let checkpointer: WALCheckpointer?

    /// Opens (creating when needed) `prism.sqlite` in `directory`.
    static func open(directory: String) throws -> SQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit is durable against a crash or `kill -9` of the gateway (the
        // WAL is in the OS's hands), without an fsync per answer. Only a power cut can lose the last commits.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoints run from a timer (WALCheckpointer), not inside a commit a client is waiting for.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let pool = try DatabasePool(path: (directory as NSString).appendingPathComponent("prism.sqlite"), configuration: configuration)
        return try SQLiteDatabase(pool, checkpointer: WALCheckpointer.start(pool))
    }

    /// An empty in-memory database with every migration applied, for tests.
    static func inMemory() throws -> SQLiteDatabase {
        try SQLiteDatabase(DatabaseQueue())
    }

    init(_ writer: any DatabaseWriter, checkpointer: WALCheckpointer? = nil) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        commits = CommitQueue(writer: writer)
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// Closes the database's connections (waiting for reads under way); any later access fails. Without it
    /// they stay open until the last reference goes, which a process that opens many (the tests) cannot
    /// wait for.
    func close() {
        checkpointer?.stop()
        do {
            try writer.close()
        } catch {
            // Still open (a statement alive): the connections go with the database's last reference.
        }
    }

    /// Deletes the row `id` of `table` (every row the scope may see when `id` is `nil`); returns how many
    /// went. Rows that hang off it go by `ON DELETE CASCADE`.
    func delete(from table: String, id: String? = nil, scope: Scope) async throws -> Int {
        let (condition, arguments) = scope.sqliteCondition()
        // Spelled out rather than `? IS NULL OR id = ?`, which would keep SQLite from the id index.
        let (sql, values): (String, StatementArguments) = id.map { ("id = ? AND \(condition)", [$0] + arguments) } ?? (condition, arguments)
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE \(sql)", arguments: values)
            return db.changesCount
        }
    }

    /// The insertion sequence of a cursor id among the rows `scope` may see; another principal's id
    /// answers like an unknown one, so a cursor cannot tell that an id exists.
    static func sequence(of id: String, table: String, scope: Scope, db: Database) throws -> Int {
        let (condition, arguments) = scope.sqliteCondition()
        guard let seq = try Int.fetchOne(db, sql: "SELECT seq FROM \(table) WHERE id = ? AND \(condition)", arguments: [id] + arguments) else {
            throw StoreError.unknownCursor(id)
        }
        return seq
    }
}

extension Scope {
    /// A SQL condition on `column` and its arguments.
    func sqliteCondition(_ column: String = "principal") -> (sql: String, arguments: StatementArguments) {
        isAdmin ? ("1 = 1", []) : ("\(column) = ?", [principal])
    }
}

/// Statistics, vacuum and generated secrets of the SQLite database.
struct SQLiteMaintenance: StoreMaintenance {
    let database: SQLiteDatabase
    /// Where generated secrets are kept (the data directory); `nil` keeps them in memory (tests).
    let directory: String?

    func databaseBytes() async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ?? 0
        }
    }

    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int) {
        try await database.writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["responses", "chat_completions", "media", "jobs"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            let bytes = try Int.fetchOne(db, sql: "SELECT COALESCE(sum(bytes), 0) FROM (SELECT DISTINCT sha256, bytes FROM media)") ?? 0
            return (counts, bytes)
        }
    }

    func vacuum() async throws {
        try await database.writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    }

    /// Kept as `<name>.key` in the data directory (mode 0600), as before there was a second backend.
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        guard let directory else { return create() }
        let path = (directory as NSString).appendingPathComponent("\(name).key")
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 { return Array(existing) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes = create()
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.unavailable("the secret file \(path) could not be written")
        }
        return bytes
    }
}
