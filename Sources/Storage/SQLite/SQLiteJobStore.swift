import Foundation
import GRDB
import PrismShared

/// Media jobs in SQLite (SPEC §5): every media request is a row, updated as the provider reports.
struct SQLiteJobStore: JobStore {
    let database: SQLiteDatabase
    private var writer: any DatabaseWriter { database.writer }

    func create(principal: String, model: String, request: JSONValue?, responseID: String?, fingerprint: String?, lease: JobLease) async throws -> JobRecord {
        let job = JobRecord(
            id: Identifier.make("job"), principal: principal, model: model, status: .queued, message: "submitted", createdAt: Date().timeIntervalSince1970,
            request: request, responseID: responseID, fingerprint: fingerprint)
        try await writer.write { db in
            try Self.write(job, insert: true, db: db)
            try db.execute(
                sql: "UPDATE jobs SET lease_owner = ?, lease_until = ?, fingerprint = ? WHERE id = ?", arguments: [lease.owner, lease.until, fingerprint, job.id])
        }
        return job
    }

    func undelivered(principal: String, fingerprint: String, since: Double) async throws -> [JobRecord] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM jobs WHERE principal = ? AND fingerprint = ? AND created_at >= ? AND delivered_at IS NULL
                    AND status IN ('queued', 'running', 'succeeded') ORDER BY seq DESC
                    """,
                arguments: [principal, fingerprint, since]).map(Self.record)
        }
    }

    func countsByModel() async throws -> [JobCounts] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT model, count(*) AS started, sum(status = 'succeeded') AS succeeded, sum(status = 'failed') AS failed
                FROM jobs GROUP BY model ORDER BY model
                """).map { JobCounts(model: $0["model"], started: $0["started"], succeeded: $0["succeeded"], failed: $0["failed"]) }
        }
    }

    func markDelivered(id: String, at: Double) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE jobs SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", arguments: [at, id])
        }
    }

    func takeExpired(_ lease: JobLease, now: Double, limit: Int) async throws -> [JobRecord] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM jobs WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ?)
                    ORDER BY seq LIMIT ?
                    """,
                arguments: [now, limit]).map(Self.record)
            for job in rows {
                try db.execute(sql: "UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ?", arguments: [lease.owner, lease.until, job.id])
            }
            return rows
        }
    }

    func renew(_ lease: JobLease, ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await writer.write { db in
            var held: Set<String> = []
            for id in ids {
                try db.execute(
                    sql: "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status IN ('queued', 'running')",
                    arguments: [lease.until, id, lease.owner])
                if db.changesCount > 0 { held.insert(id) }
            }
            return held
        }
    }

    var changes: JobChanges { database.jobChanges }

    func save(_ job: JobRecord) async throws {
        try await writer.write { db in try Self.write(job, insert: false, db: db) }
        changes.announce(job.id)
    }

    func finish(_ job: JobRecord, media: [MediaRecord], events: [WebhookEvent]) async throws {
        try await writer.write { db in
            for record in media { try SQLiteMediaIndex.insert(record, db: db) }
            try Self.write(job, insert: false, db: db)
            for event in events { try SQLiteWebhookOutbox.insert(event, db: db) }
        }
        changes.announce(job.id)
        if !events.isEmpty { database.webhookSignal.ring() }
    }

    private static func write(_ job: JobRecord, insert: Bool, db: Database) throws {
        let mediaIDs = JSONValue.array(job.mediaIDs.map { .string($0) }).serialized()
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

    /// The job `id` if `owner` may see it (`nil`: anybody's).
    func job(id: String, owner: String?) async throws -> JobRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND (? IS NULL OR principal = ?)", arguments: [id, owner, owner]).map(Self.record)
        }
    }

    func list(owner: String?, limit: Int, after: String?) async throws -> Page<JobRecord> {
        try await writer.read { db in
            var sql = "SELECT * FROM jobs WHERE (? IS NULL OR principal = ?)"
            var arguments: StatementArguments = [owner, owner]
            if let after {
                sql += " AND seq < ?"
                arguments += [try SQLiteDatabase.sequence(of: after, table: "jobs", scope: Scope(owner: owner), db: db)]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.record)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Jobs that have not ended, oldest first.
    func unfinished() async throws -> [JobRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq").map(Self.record)
        }
    }

    func recentDurations(model: String, limit: Int) async throws -> [JobDuration] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT finished_at - COALESCE(started_at, created_at) AS seconds, request FROM jobs
                    WHERE model = ? AND status = 'succeeded' AND finished_at IS NOT NULL ORDER BY seq DESC LIMIT ?
                    """,
                arguments: [model, limit]
            ).map { row in JobDuration(seconds: row["seconds"], request: (row["request"] as String?).flatMap { try? JSONValue.parse($0) }) }
        }
    }

    static func record(_ row: Row) -> JobRecord {
        let mediaIDs = (try? JSONValue.parse(row["media_ids"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        return JobRecord(
            id: row["id"], principal: row["principal"], model: row["model"], status: JobRecord.Status(rawValue: row["status"]) ?? .failed,
            providerTaskID: row["provider_task_id"], providerPollURL: row["provider_poll_url"], progress: row["progress"], message: row["message"],
            createdAt: row["created_at"], startedAt: row["started_at"], finishedAt: row["finished_at"], mediaIDs: mediaIDs, errorCode: row["error_code"],
            errorMessage: row["error_message"], request: (row["request"] as String?).flatMap { try? JSONValue.parse($0) }, responseID: row["response_id"],
            fingerprint: row["fingerprint"], deliveredAt: row["delivered_at"])
    }
}
