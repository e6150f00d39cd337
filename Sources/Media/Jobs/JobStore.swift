import Foundation
import GRDB
import PrismShared

/// Media jobs in SQLite (SPEC §5): every media request is a row, updated as the provider reports.
public struct JobStore: Sendable {
    private let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("media.v1.jobs") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL,
                    provider_task_id TEXT,
                    progress REAL,
                    message TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    media_ids TEXT NOT NULL,
                    error_code TEXT,
                    error_message TEXT
                );
                CREATE INDEX jobs_by_principal ON jobs(principal, seq);
                CREATE INDEX jobs_by_model ON jobs(model, status);
                """)
        }
        // What a restart needs to resume a job and complete the response waiting for it.
        migrator.registerMigration("media.v2.jobs.resume") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN provider_poll_url TEXT;
                ALTER TABLE jobs ADD COLUMN request TEXT;
                ALTER TABLE jobs ADD COLUMN response_id TEXT;
                """)
        }
    }

    public func create(principal: String, model: String, request: JSONValue? = nil, responseID: String? = nil) async throws -> JobRecord {
        let job = JobRecord(
            id: Identifier.make("job"), principal: principal, model: model, status: .queued, providerTaskID: nil, providerPollURL: nil, progress: nil,
            message: "submitted", createdAt: Date().timeIntervalSince1970, startedAt: nil, finishedAt: nil, mediaIDs: [], errorCode: nil, errorMessage: nil,
            request: request, responseID: responseID)
        try await save(job, insert: true)
        return job
    }

    public func save(_ job: JobRecord, insert: Bool = false) async throws {
        let mediaIDs = JSONValue.array(job.mediaIDs.map { .string($0) }).serialized()
        try await writer.write { db in
            if insert {
                try db.execute(
                    sql: """
                        INSERT INTO jobs (id, principal, model, status, provider_task_id, provider_poll_url, progress, message, created_at, started_at,
                        finished_at, media_ids, error_code, error_message, request, response_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [job.id, job.principal, job.model, job.status.rawValue, job.providerTaskID, job.providerPollURL, job.progress, job.message,
                                job.createdAt, job.startedAt, job.finishedAt, mediaIDs, job.errorCode, job.errorMessage, job.request?.serialized(),
                                job.responseID])
            } else {
                try db.execute(
                    sql: """
                        UPDATE jobs SET status = ?, provider_task_id = ?, provider_poll_url = ?, progress = ?, message = ?, started_at = ?,
                        finished_at = ?, media_ids = ?, error_code = ?, error_message = ? WHERE id = ?
                        """,
                    arguments: [job.status.rawValue, job.providerTaskID, job.providerPollURL, job.progress, job.message, job.startedAt,
                                job.finishedAt, mediaIDs, job.errorCode, job.errorMessage, job.id])
            }
        }
    }

    /// The job `id` if `owner` may see it (`nil`: anybody's).
    public func job(id: String, owner: String?) async throws -> JobRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner]).map(Self.record)
        }
    }

    public func list(owner: String?, limit: Int, after: String?) async throws -> (items: [JobRecord], hasMore: Bool) {
        try await writer.read { db in
            var sql = "SELECT * FROM jobs WHERE (? IS NULL OR principal = ?)"
            var arguments: StatementArguments = [owner, owner]
            if let after {
                guard let seq = try Int.fetchOne(db, sql: "SELECT seq FROM jobs WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [after, owner, owner]) else {
                    throw MediaStoreError.unknownCursor(after)
                }
                sql += " AND seq < ?"
                arguments += [seq]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.record)
            return (Array(rows.prefix(limit)), rows.count > limit)
        }
    }

    /// Jobs that have not ended, oldest first.
    public func unfinished() async throws -> [JobRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq").map(Self.record)
        }
    }

    /// The median run time of the last succeeded jobs of `model`, for "about N s left".
    public func typicalDuration(model: String) async throws -> Double? {
        try await writer.read { db in
            let durations = try Double.fetchAll(
                db,
                sql: """
                    SELECT finished_at - COALESCE(started_at, created_at) FROM jobs
                    WHERE model = ? AND status = 'succeeded' AND finished_at IS NOT NULL ORDER BY seq DESC LIMIT 20
                    """,
                arguments: [model]).sorted()
            return durations.isEmpty ? nil : durations[durations.count / 2]
        }
    }

    static func record(_ row: Row) -> JobRecord {
        let mediaIDs = (try? JSONValue.parse(row["media_ids"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        return JobRecord(
            id: row["id"], principal: row["principal"], model: row["model"], status: JobRecord.Status(rawValue: row["status"]) ?? .failed,
            providerTaskID: row["provider_task_id"], providerPollURL: row["provider_poll_url"], progress: row["progress"], message: row["message"],
            createdAt: row["created_at"], startedAt: row["started_at"], finishedAt: row["finished_at"], mediaIDs: mediaIDs, errorCode: row["error_code"],
            errorMessage: row["error_message"], request: (row["request"] as String?).flatMap { try? JSONValue.parse($0) }, responseID: row["response_id"])
    }
}
