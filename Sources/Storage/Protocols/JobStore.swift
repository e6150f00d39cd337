import PrismShared

/// Media jobs (SPEC §5): every media request is a row, updated as the provider reports.
///
/// ```swift
/// var job = try await jobs.create(principal: "admin", model: "image/doubao", request: nil, responseID: nil)
/// job.status = .succeeded
/// try await jobs.finish(job, media: records)   // the job's end and its media rows, in one transaction
/// ```
public protocol JobStore: Sendable {
    func create(principal: String, model: String, request: JSONValue?, responseID: String?) async throws -> JobRecord
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
}
