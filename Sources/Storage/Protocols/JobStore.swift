import PrismShared

/// Media jobs (SPEC §5): every media request is a row, updated as the provider reports.
///
/// ```swift
/// var job = try await jobs.create(principal: "admin", model: "image/doubao", request: nil, responseID: nil, lease: lease)
/// job.status = .succeeded
/// try await jobs.finish(job, media: records)   // the job's end and its media rows, in one transaction
/// ```
///
/// Replicas share jobs through leases (SPEC §17): the replica that runs a job holds its lease and renews it;
/// a job whose lease ran out (its replica died) is taken by another, which resumes it. A job is polled by
/// one replica at a time because only the holder of its lease follows it.
public protocol JobStore: Sendable {
    /// A new job, leased to the replica that creates it; `fingerprint` identifies its request for `undelivered`.
    func create(principal: String, model: String, request: JSONValue?, responseID: String?, fingerprint: String?, lease: JobLease) async throws -> JobRecord
    /// Records progress: status, provider task, progress and message.
    func save(_ job: JobRecord) async throws
    /// Records a job's end, the media it made and the webhook events it causes (SPEC §15, the outbox) in one
    /// transaction, so a crash never leaves one without the others; rings the outbox's signal when `events`
    /// is not empty.
    func finish(_ job: JobRecord, media: [MediaRecord], events: [WebhookEvent]) async throws
    /// The job `id` if `owner` may see it (`nil`: anybody's).
    func job(id: String, owner: String?) async throws -> JobRecord?
    /// Newest first.
    func list(owner: String?, limit: Int, after: String?) async throws -> Page<JobRecord>
    /// Jobs that have not ended, oldest first.
    func unfinished() async throws -> [JobRecord]
    /// The run times of the last `limit` succeeded jobs of `model`, newest first, each with its request, so a
    /// caller can estimate from the jobs made with the same parameters.
    func recentDurations(model: String, limit: Int) async throws -> [JobDuration]
    /// The jobs of `principal` with `fingerprint` created at or after `since` whose result no client has
    /// received and that neither failed nor were cancelled, newest first (SPEC §5, undelivered results).
    func undelivered(principal: String, fingerprint: String, since: Double) async throws -> [JobRecord]
    /// How many jobs each model started, and how many succeeded and failed, by model name.
    func countsByModel() async throws -> [JobCounts]
    /// Records that a client received the job's result (the first time counts).
    func markDelivered(id: String, at: Double) async throws
    /// Takes the lease of up to `limit` unfinished jobs whose lease ran out before `now` (or that have none),
    /// oldest first, for `lease.owner` until `lease.until`; on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so
    /// two replicas never take the same job.
    func takeExpired(_ lease: JobLease, now: Double, limit: Int) async throws -> [JobRecord]
    /// Extends `lease` on the jobs of `ids` that it still holds; returns their ids.
    func renew(_ lease: JobLease, ids: [String]) async throws -> Set<String>
    /// Where this store announces its writes, for `follow(id:owner:)`.
    var changes: JobChanges { get }
}

extension JobStore {
    /// Records a job's end and its media in one transaction, with no webhook event.
    public func finish(_ job: JobRecord, media: [MediaRecord]) async throws {
        try await finish(job, media: media, events: [])
    }

    /// A new job without a fingerprint: nothing will attach to it.
    public func create(principal: String, model: String, request: JSONValue?, responseID: String?, lease: JobLease) async throws -> JobRecord {
        try await create(principal: principal, model: model, request: request, responseID: responseID, fingerprint: nil, lease: lease)
    }
}

/// The jobs of one model, for `admin/magic stats`.
public struct JobCounts: Sendable, Equatable {
    public let model: String
    public let started: Int
    public let succeeded: Int
    public let failed: Int

    public init(model: String, started: Int, succeeded: Int, failed: Int) {
        self.model = model
        self.started = started
        self.succeeded = succeeded
        self.failed = failed
    }
}

/// How long a succeeded job ran, and what it was asked.
public struct JobDuration: Sendable, Equatable {
    public let seconds: Double
    public let request: JSONValue?

    public init(seconds: Double, request: JSONValue?) {
        self.seconds = seconds
        self.request = request
    }
}

/// A replica's hold on a job: who (`owner`, a replica id) and until when (Unix seconds).
public struct JobLease: Sendable, Equatable {
    public let owner: String
    public let until: Double

    public init(owner: String, until: Double) {
        self.owner = owner
        self.until = until
    }
}
