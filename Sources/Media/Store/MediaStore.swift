import Crypto
import Foundation
import GRDB
import NIOPosix
import PrismShared

/// Finished media: files in `DATA_DIR/media/`, content-addressed by SHA-256 and shared by identical
/// bytes, one SQLite row per item (SPEC §5). File work runs on NIO's thread pool, never on an event loop.
/// A file is written to a temporary name and renamed, so a crash never leaves half a file under its hash.
public struct MediaStore: Sendable {
    public let directory: String
    private let writer: any DatabaseWriter

    public init(directory: String, writer: any DatabaseWriter) {
        self.directory = directory
        self.writer = writer
    }

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("media.v1") { db in
            try db.execute(sql: """
                CREATE TABLE media (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    job_id TEXT,
                    kind TEXT NOT NULL,
                    mime_type TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    width INTEGER,
                    height INTEGER,
                    duration REAL,
                    prompt TEXT NOT NULL,
                    model TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX media_by_principal ON media(principal, seq);
                CREATE INDEX media_by_sha256 ON media(sha256);
                """)
        }
    }

    /// Where the file of `sha256` with `ext` lives.
    public func path(sha256: String, fileExtension ext: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256).\(ext)"
    }

    public func path(for record: MediaRecord) -> String {
        path(sha256: record.sha256, fileExtension: record.fileExtension)
    }

    /// Stores `bytes` (once per distinct content) and records a new item for them.
    public func save(_ bytes: [UInt8], as media: NewMedia) async throws -> MediaRecord {
        let sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let target = path(sha256: sha256, fileExtension: MediaRecord.fileExtension(for: media.mimeType))
        try await NIOThreadPool.singleton.runIfActive {
            let manager = FileManager.default
            guard !manager.fileExists(atPath: target) else { return }
            let folder = (target as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = "\(folder)/.\(Identifier.make("tmp"))"
            try Data(bytes).write(to: URL(fileURLWithPath: temporary), options: .atomic)
            if rename(temporary, target) != 0 {
                try? manager.removeItem(atPath: temporary)
                if !manager.fileExists(atPath: target) { throw CocoaError(.fileWriteUnknown) }
            }
        }
        let record = MediaRecord(
            id: Identifier.make("media"), principal: media.principal, jobID: media.jobID, kind: media.kind, mimeType: media.mimeType,
            bytes: bytes.count, sha256: sha256, width: media.width, height: media.height, duration: media.duration,
            prompt: media.prompt, model: media.model, createdAt: Int(Date().timeIntervalSince1970))
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO media (id, principal, job_id, kind, mime_type, bytes, sha256, width, height, duration, prompt, model, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [record.id, record.principal, record.jobID, record.kind, record.mimeType, record.bytes, record.sha256,
                            record.width, record.height, record.duration, record.prompt, record.model, record.createdAt])
        }
        return record
    }

    /// The item `id`, if `owner` may see it (`nil` owner: anybody's, for the admin or a signed link).
    public func record(id: String, owner: String?) async throws -> MediaRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner])
                .map(Self.record)
        }
    }

    /// Newest first; `after` is the last id of the previous page; `kind` filters.
    public func list(owner: String?, limit: Int, after: String?, kind: String?) async throws -> (items: [MediaRecord], hasMore: Bool) {
        try await writer.read { db in
            var sql = "SELECT * FROM media WHERE (? IS NULL OR principal = ?)"
            var arguments: StatementArguments = [owner, owner]
            if let after {
                guard let seq = try Int.fetchOne(db, sql: "SELECT seq FROM media WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [after, owner, owner]) else {
                    throw MediaStoreError.unknownCursor(after)
                }
                sql += " AND seq < ?"
                arguments += [seq]
            }
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.record)
            return (Array(rows.prefix(limit)), rows.count > limit)
        }
    }

    /// Deletes the row and, when no other row shares its bytes, the file. `false` when not the owner's.
    public func delete(id: String, owner: String?) async throws -> Bool {
        let outcome: (found: Bool, orphan: String?) = try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner]) else {
                return (false, nil)
            }
            let record = Self.record(row)
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id])
            let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM media WHERE sha256 = ? AND mime_type = ?", arguments: [record.sha256, record.mimeType]) ?? 0
            return (true, others == 0 ? path(for: record) : nil)
        }
        if let orphan = outcome.orphan {
            try? await NIOThreadPool.singleton.runIfActive { try FileManager.default.removeItem(atPath: orphan) }
        }
        return outcome.found
    }

    /// Deletes every item created before `cutoff` (all of them when `nil`) and the files no row uses any
    /// more; returns how many rows and files went.
    public func purge(createdBefore cutoff: Int?) async throws -> (rows: Int, files: Int) {
        let (rows, orphans): (Int, [String]) = try await writer.write { db in
            let doomed = try Row.fetchAll(db, sql: "SELECT * FROM media WHERE ? IS NULL OR created_at < ?", arguments: [cutoff, cutoff]).map(Self.record)
            try db.execute(sql: "DELETE FROM media WHERE ? IS NULL OR created_at < ?", arguments: [cutoff, cutoff])
            var orphans: Set<String> = []
            for record in doomed {
                let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM media WHERE sha256 = ? AND mime_type = ?", arguments: [record.sha256, record.mimeType]) ?? 0
                if others == 0 { orphans.insert(path(for: record)) }
            }
            return (doomed.count, Array(orphans))
        }
        let files = orphans
        try? await NIOThreadPool.singleton.runIfActive {
            for file in files { try? FileManager.default.removeItem(atPath: file) }
        }
        return (rows, orphans.count)
    }

    static func record(_ row: Row) -> MediaRecord {
        MediaRecord(
            id: row["id"], principal: row["principal"], jobID: row["job_id"], kind: row["kind"], mimeType: row["mime_type"],
            bytes: row["bytes"], sha256: row["sha256"], width: row["width"], height: row["height"], duration: row["duration"],
            prompt: row["prompt"], model: row["model"], createdAt: row["created_at"])
    }
}

public enum MediaStoreError: Error, Sendable {
    case unknownCursor(String)
}
