import Foundation
import Logging
import PostgresNIO
import PrismShared

/// Media jobs in PostgreSQL, leased by the replica that follows them: `takeExpired` locks the rows it takes
/// with `FOR UPDATE SKIP LOCKED`, so two replicas never take the same job.
struct PostgresJobStore: JobStore {
    let database: PostgresDatabase
    /// The columns `record(_:)` reads.
    static let columns = """
        id, principal, model, status, provider_task_id, provider_poll_url, progress, message, created_at, started_at, finished_at,
        media_ids, error_code, error_message, request, response_id, fingerprint, delivered_at
        """

    /// A new job, queued and leased to the replica that creates it.
    func create(principal: String, model: String, request: JSONValue?, responseID: String?, fingerprint: String?, lease: JobLease) async throws -> JobRecord {
        let job = JobRecord(
            id: Identifier.make("job"), principal: principal, model: model, status: .queued, message: "submitted",
            createdAt: Date().timeIntervalSince1970, request: request, responseID: responseID, fingerprint: fingerprint)
        let (requestText, mediaIDs) = (request?.serialized(), Self.mediaIDs(job))
        try await database.run { client in
            try await client.run("""
                INSERT INTO jobs (id, principal, model, status, message, created_at, media_ids, request, response_id, lease_owner, lease_until, fingerprint)
                VALUES (\(job.id), \(principal), \(model), \(job.status.rawValue), \(job.message), \(job.createdAt), \(mediaIDs), \(requestText),
                        \(responseID), \(lease.owner), \(lease.until), \(fingerprint))
                """, logger: database.logger)
        }
        return job
    }

    /// Records progress: status, provider task, progress and message.
    var changes: JobChanges { database.jobChanges }

    func save(_ job: JobRecord) async throws {
        try await database.run { client in try await client.run(Self.update(job), logger: database.logger) }
    }

    /// Records a job's end, the media it made and its webhook events in one transaction: all, or none.
    func finish(_ job: JobRecord, media: [MediaRecord], events: [WebhookEvent]) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for record in media { try await connection.run(PostgresMediaIndex.insert(record), logger: logger) }
            try await connection.run(Self.update(job), logger: logger)
            for query in events.flatMap(PostgresWebhookOutbox.inserts) { try await connection.run(query, logger: logger) }
        }
        if !events.isEmpty { database.webhookSignal.ring() }
    }

    /// The update, and a `NOTIFY` of the job id that followers on every replica hear when it commits.
    private static func update(_ job: JobRecord) -> PostgresQuery {
        let mediaIDs = mediaIDs(job)
        return """
            WITH updated AS (
            UPDATE jobs SET status = \(job.status.rawValue), provider_task_id = \(job.providerTaskID), provider_poll_url = \(job.providerPollURL),
            progress = \(job.progress), message = \(job.message), started_at = \(job.startedAt), finished_at = \(job.finishedAt),
            media_ids = \(mediaIDs), error_code = \(job.errorCode), error_message = \(job.errorMessage) WHERE id = \(job.id) RETURNING id)
            SELECT pg_notify(\(PostgresDatabase.jobChannel), id) FROM updated
            """
    }

    private static func mediaIDs(_ job: JobRecord) -> String {
        JSONValue.array(job.mediaIDs.map { .string($0) }).serialized()
    }

    /// The job `id` if `owner` may see it (`nil`: anybody's).
    func job(id: String, owner: String?) async throws -> JobRecord? {
        try await database.run { client in
            try await client.query("SELECT \(unescaped: Self.columns) FROM jobs WHERE id = \(id) AND (\(owner)::text IS NULL OR principal = \(owner))",
                                   logger: database.logger).collect().first.map(Self.record)
        }
    }

    /// Newest first by insertion order.
    func list(owner: String?, limit: Int, after: String?) async throws -> Page<JobRecord> {
        try await database.run { client in
            let cursor = try await PostgresPaging.sequence(of: after, table: "jobs", owner: owner, client: client, logger: database.logger)
            let rows = try await client.query("""
                SELECT \(unescaped: Self.columns) FROM jobs WHERE (\(owner)::text IS NULL OR principal = \(owner))
                AND (\(cursor)::bigint IS NULL OR seq < \(cursor)) ORDER BY seq DESC LIMIT \(limit + 1)
                """, logger: database.logger).collect().map(Self.record)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Jobs that have not ended, oldest first.
    func unfinished() async throws -> [JobRecord] {
        try await database.run { client in
            try await client.query("SELECT \(unescaped: Self.columns) FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq",
                                   logger: database.logger).collect().map(Self.record)
        }
    }

    func recentDurations(model: String, limit: Int) async throws -> [JobDuration] {
        try await database.run { client in
            try await client.query("""
                SELECT finished_at - COALESCE(started_at, created_at), request FROM jobs
                WHERE model = \(model) AND status = 'succeeded' AND finished_at IS NOT NULL ORDER BY seq DESC LIMIT \(limit)
                """, logger: database.logger).collect().map { row in
                let (seconds, request) = try row.decode((Double, String?).self)
                return JobDuration(seconds: seconds, request: request.flatMap { try? JSONValue.parse($0) })
            }
        }
    }

    func undelivered(principal: String, fingerprint: String, since: Double) async throws -> [JobRecord] {
        try await database.run { client in
            try await client.query("""
                SELECT \(unescaped: Self.columns) FROM jobs WHERE principal = \(principal) AND fingerprint = \(fingerprint) AND created_at >= \(since)
                AND delivered_at IS NULL AND status IN ('queued', 'running', 'succeeded') ORDER BY seq DESC
                """, logger: database.logger).collect().map(Self.record)
        }
    }

    func countsByModel() async throws -> [JobCounts] {
        try await database.run { client in
            try await client.query("""
                SELECT model, count(*), count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed')
                FROM jobs GROUP BY model ORDER BY model
                """, logger: database.logger).collect().map { row in
                let (model, started, succeeded, failed) = try row.decode((String, Int, Int, Int).self)
                return JobCounts(model: model, started: started, succeeded: succeeded, failed: failed)
            }
        }
    }

    func markDelivered(id: String, at: Double) async throws {
        try await database.run { client in
            try await client.run("UPDATE jobs SET delivered_at = \(at) WHERE id = \(id) AND delivered_at IS NULL", logger: database.logger)
        }
    }

    /// Takes unfinished jobs whose lease ran out (or that have none), oldest first. `FOR UPDATE SKIP LOCKED`
    /// locks the rows it selects and passes over those another replica is taking right now; the lease is
    /// written in the same transaction, so once it commits the rows are no longer expired for anybody.
    func takeExpired(_ lease: JobLease, now: Double, limit: Int) async throws -> [JobRecord] {
        let logger = database.logger
        return try await database.transaction { connection in
            let rows = try await connection.query("""
                SELECT \(unescaped: Self.columns) FROM jobs WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY seq LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map(Self.record)
            let ids = rows.map(\.id)
            if !ids.isEmpty {
                try await connection.run(
                    "UPDATE jobs SET lease_owner = \(lease.owner), lease_until = \(lease.until) WHERE id = ANY(\(ids)::text[])", logger: logger)
            }
            return rows
        }
    }

    /// Extends `lease` on the jobs of `ids` that it still holds and that have not ended; returns their ids.
    func renew(_ lease: JobLease, ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await database.run { client in
            Set(try await client.query("""
                UPDATE jobs SET lease_until = \(lease.until)
                WHERE id = ANY(\(ids)::text[]) AND lease_owner = \(lease.owner) AND status IN ('queued', 'running') RETURNING id
                """, logger: database.logger).collect().map { try $0.decode(String.self) })
        }
    }

    /// A row of `columns` as a record (columns read by name, there are too many for a tuple to stay readable).
    static func record(_ row: PostgresRow) throws -> JobRecord {
        let cells = row.makeRandomAccess()
        func text(_ name: String) throws -> String? { try cells[name].decode(String?.self) }
        func number(_ name: String) throws -> Double? { try cells[name].decode(Double?.self) }
        let mediaIDs = (try? JSONValue.parse(try text("media_ids") ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
        return JobRecord(
            id: try text("id") ?? "", principal: try text("principal") ?? "", model: try text("model") ?? "",
            status: JobRecord.Status(rawValue: try text("status") ?? "") ?? .failed, providerTaskID: try text("provider_task_id"),
            providerPollURL: try text("provider_poll_url"), progress: try number("progress"), message: try text("message") ?? "",
            createdAt: try number("created_at") ?? 0, startedAt: try number("started_at"), finishedAt: try number("finished_at"), mediaIDs: mediaIDs,
            errorCode: try text("error_code"), errorMessage: try text("error_message"),
            request: try text("request").flatMap { try? JSONValue.parse($0) }, responseID: try text("response_id"), fingerprint: try text("fingerprint"),
            deliveredAt: try number("delivered_at"))
    }
}
