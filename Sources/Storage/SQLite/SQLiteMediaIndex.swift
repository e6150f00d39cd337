import Foundation
import GRDB

/// The media rows in SQLite; the bytes are in the blob store.
struct SQLiteMediaIndex: MediaIndex {
    let database: SQLiteDatabase
    private var writer: any DatabaseWriter { database.writer }

    func insert(_ record: MediaRecord) async throws {
        try await writer.write { db in try Self.insert(record, db: db) }
    }

    /// Inserts inside a caller's transaction (a job's end writes its media and its state together).
    static func insert(_ record: MediaRecord, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO media (id, principal, job_id, kind, mime_type, bytes, sha256, width, height, duration, prompt, model, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [record.id, record.principal, record.jobID, record.kind, record.mimeType, record.bytes, record.sha256,
                        record.width, record.height, record.duration, record.prompt, record.model, record.createdAt])
    }

    func record(id: String, owner: String?) async throws -> MediaRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner])
                .map(Self.record)
        }
    }

    func list(owner: String?, limit: Int, after: String?, kind: String?) async throws -> Page<MediaRecord> {
        try await writer.read { db in
            var sql = "SELECT * FROM media WHERE (? IS NULL OR principal = ?)"
            var arguments: StatementArguments = [owner, owner]
            if let after {
                sql += " AND seq < ?"
                arguments += [try SQLiteDatabase.sequence(of: after, table: "media", scope: Scope(owner: owner), db: db)]
            }
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.record)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    func delete(id: String, owner: String?) async throws -> (record: MediaRecord, orphaned: Bool)? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner]) else {
                return nil
            }
            let record = Self.record(row)
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id])
            return (record, try Self.isOrphaned(record, db: db))
        }
    }

    func purge(createdBefore cutoff: Int?) async throws -> (rows: Int, orphanedKeys: [String]) {
        try await writer.write { db in
            let doomed = try Row.fetchAll(db, sql: "SELECT * FROM media WHERE ? IS NULL OR created_at < ?", arguments: [cutoff, cutoff]).map(Self.record)
            try db.execute(sql: "DELETE FROM media WHERE ? IS NULL OR created_at < ?", arguments: [cutoff, cutoff])
            var orphans: Set<String> = []
            for record in doomed where try Self.isOrphaned(record, db: db) { orphans.insert(record.blobKey) }
            return (doomed.count, orphans.sorted())
        }
    }

    /// Whether no row uses the blob of `record` any more.
    private static func isOrphaned(_ record: MediaRecord, db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM media WHERE sha256 = ? AND mime_type = ?", arguments: [record.sha256, record.mimeType]) == 0
    }

    static func record(_ row: Row) -> MediaRecord {
        MediaRecord(
            id: row["id"], principal: row["principal"], jobID: row["job_id"], kind: row["kind"], mimeType: row["mime_type"],
            bytes: row["bytes"], sha256: row["sha256"], width: row["width"], height: row["height"], duration: row["duration"],
            prompt: row["prompt"], model: row["model"], createdAt: row["created_at"])
    }
}
