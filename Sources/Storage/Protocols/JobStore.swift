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
    /// A new job, leased to the replica that creates it.
    func create(principal: String, model: String, request: JSONValue?, responseID: String?, lease: JobLease) async throws -> JobRecord
    /// Records progress: status, provider task, progress and message.
    func save(_ job: JobRecord) async throws
    /// Records a job's end and the media it made together, so a crash never leaves one without the other.
    func finish(_ job: JobRecord, media: [MediaRecord]) async throws
    /// The job `id` if `owner` may see it (`nil`: anybody's).
    func job(id: String, owner: String?) async throws -> JobRecord?
    /// Newest first.
    func list(owner: String?, limit: Int, after: String?) async throws -> Page<JobRecord>
    /// Jobs that have not ended, oldest first.
    func unfinished() async throws -> [JobRecord]
    /// The median run time of the last succeeded jobs of `model`, for "about N s left".
    func typicalDuration(model: String) async throws -> Double?
    /// Takes the lease of up to `limit` unfinished jobs whose lease ran out before `now` (or that have none),
    /// oldest first, for `lease.owner` until `lease.until`; on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so
    /// two replicas never take the same job.
    func takeExpired(_ lease: JobLease, now: Double, limit: Int) async throws -> [JobRecord]
    /// Extends `lease` on the jobs of `ids` that it still holds; returns their ids.
    func renew(_ lease: JobLease, ids: [String]) async throws -> Set<String>
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
