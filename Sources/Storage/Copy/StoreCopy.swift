import Foundation
import GRDB
import Logging
import PostgresNIO

/// `prism db copy` and `prism db check` (SPEC §17): moves what a SQLite database keeps into PostgreSQL, so a
/// user goes from the default to the scaled-out setup without losing a conversation.
///
/// ```swift
/// try await StoreCopy.copy(fromSQLite: "data/prism.sqlite", to: "postgres://prism@db/prism") { print($0) }
/// let counts = try await StoreCopy.check(fromSQLite: "data/prism.sqlite", to: "postgres://prism@db/prism")
/// ```
///
/// Every table is copied row by row in its insertion order, in batches, each batch one
/// `INSERT … ON CONFLICT DO NOTHING`: a copy run again (after an interruption, or to pick up what the old
/// gateway stored since) adds only the rows that are missing, and PostgreSQL's `seq` keeps SQLite's order,
/// so every list reads the same on both. Media rows are copied, not media files (`prism media copy` does
/// those). The secrets the data directory keeps (`<name>.key` beside the SQLite file, such as the media
/// signing key) go into `prism_secrets` too, unless the database has its own already, so links signed
/// before the move keep working.
public enum StoreCopy {
    /// Rows per INSERT: at most 18 columns × 250 rows, far below PostgreSQL's 65535 parameters.
    static let batchSize = 250

    /// Copies every table of the SQLite file at `path` into the PostgreSQL database of `postgresURL`
    /// (migrated first), saying how far it got through `progress`.
    public static func copy(fromSQLite path: String, to postgresURL: String, progress: (String) -> Void) async throws {
        let source = try openSQLite(path)
        let target = try await PostgresDatabase.open(url: postgresURL, poolSize: 1, logger: quietLogger)
        do {
            for table in CopiedTable.all { try await copy(table, from: source, to: target, progress: progress) }
            try await sumSpend(in: target)
            try await copySecrets(besides: path, to: target, progress: progress)
        } catch {
            await target.close()
            throw error
        }
        await target.close()
    }

    /// Each table's row count in the SQLite file and in the PostgreSQL database; equal counts after a
    /// copy mean nothing is missing.
    public static func check(fromSQLite path: String, to postgresURL: String) async throws -> [(table: String, sqlite: Int, postgres: Int)] {
        let source = try openSQLite(path)
        let target = try await PostgresDatabase.open(url: postgresURL, poolSize: 1, logger: quietLogger)
        do {
            var counts: [(table: String, sqlite: Int, postgres: Int)] = []
            for table in CopiedTable.all {
                let sqlite = try await source.read { db in try table.count(in: db) ?? 0 }
                let postgres = try await target.run { client in
                    try await client.query("SELECT count(*) FROM \(unescaped: table.name)", logger: quietLogger).collect().first?.decode(Int.self) ?? 0
                }
                counts.append((table.name, sqlite, postgres))
            }
            await target.close()
            return counts
        } catch {
            await target.close()
            throw error
        }
    }

    private static func copy(_ table: CopiedTable, from source: DatabaseQueue, to target: PostgresDatabase, progress: (String) -> Void) async throws {
        guard let total = try await source.read({ db in try table.count(in: db) })
        else {
            progress("\(table.name): not in the SQLite file, nothing to copy")
            return
        }
        var (lastRowID, read, added) = (Int64.min, 0, 0)
        var reported = 0
        while true {
            let after = lastRowID
            let rows = try await source.read { db in try table.rows(of: db, after: after, limit: batchSize) }
            guard let last = rows.last else { break }
            lastRowID = last.rowid
            added += try await target.run { client in
                try await client.query(table.insert(rows.map(\.values)), logger: quietLogger).collect().count
            }
            read += rows.count
            // A line every few thousand rows: enough to see it move, not a flood for a large database.
            if read - reported >= 5_000 {
                reported = read
                progress("\(table.name): \(read) of \(total) rows read, \(added) new")
            }
        }
        progress("\(table.name): \(read) rows read, \(added) new, \(read - added) there already")
    }

    /// The daily spend totals budgets read, summed again from the whole ledger (copied rows included), so a
    /// copy run twice counts nothing twice.
    private static func sumSpend(in target: PostgresDatabase) async throws {
        try await target.transaction { connection in
            try await connection.query("DELETE FROM spend_daily", logger: quietLogger)
            try await connection.query("""
                INSERT INTO spend_daily (scope, day, usd)
                SELECT scope, day, SUM(cost_usd) FROM (
                    SELECT 'key:' || key_id AS scope, floor(created_at / 86400)::bigint AS day, cost_usd FROM usage WHERE key_id IS NOT NULL AND cost_usd <> 0
                    UNION ALL
                    SELECT 'team:' || team_id, floor(created_at / 86400)::bigint, cost_usd FROM usage WHERE team_id IS NOT NULL AND cost_usd <> 0
                ) AS costs GROUP BY scope, day
                """, logger: quietLogger)
        }
    }

    /// The `<name>.key` files of the data directory, into `prism_secrets` where the database has none.
    private static func copySecrets(besides path: String, to target: PostgresDatabase, progress: (String) -> Void) async throws {
        let directory = (path as NSString).deletingLastPathComponent
        // A directory that cannot be listed has no secrets to give: the copy of the tables is what matters.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        for file in files.sorted() where file.hasSuffix(".key") {
            let name = String(file.dropLast(4))
            guard let bytes = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(file)), bytes.count >= 32 else { continue }
            let inserted = try await target.run { client in
                try await client.query("""
                    INSERT INTO prism_secrets (name, value) VALUES (\(name), \(ByteBuffer(bytes: bytes))) ON CONFLICT (name) DO NOTHING RETURNING 1
                    """, logger: quietLogger).collect().count
            }
            progress(inserted > 0 ? "secret \(name): copied" : "secret \(name): the database has one already, kept it")
        }
    }

    /// The SQLite file, read-only: copying never changes it.
    private static func openSQLite(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.unavailable("There is no SQLite database at \(path): give the prism.sqlite file of the data directory")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// postgres-nio's own logging stays quiet: the copy reports through `progress` and its errors.
    static let quietLogger = Logger(label: "prism.db-copy", factory: { _ in SwiftLogNoOpLogHandler() })
}
