import Foundation
import PrismShared
import Storage
import Synchronization

/// Media jobs as ledger rows of their own (SPEC §13): a request that starts a job hands its notes over, and
/// the row is written when the job ends — with the images and video seconds it made, and its budget
/// reservation settled — whether or not the client is still there. It also holds each key's and team's
/// `max_concurrent_jobs`: the jobs this replica runs for them (a job resumed after a restart is metered
/// but not counted).
final class JobMeters: Sendable {
    private struct Meter {
        let record: DecisionRecord
        let scopes: [String]
    }

    private let running = Mutex<[String: Meter]>([:])
    private let usage: UsageObserver?

    init(usage: UsageObserver?) {
        self.usage = usage
    }

    /// Starts a job for `principal` within its concurrency limits (a 429 when one is reached) and meters it
    /// as `model` (the media model that runs it, a route's target included). `start` hands the `created`
    /// hook to `JobRunner.start`; a job picked up from an earlier request never calls it and stays metered
    /// by that request.
    func start<Started: Sendable>(
        for principal: Principal, record: DecisionRecord?, model: String, _ start: (_ created: @escaping @Sendable (JobRecord) -> Void) async throws -> Started
    ) async throws -> Started {
        let placeholder = Identifier.make("pending")
        let meter = Meter(record: record ?? DecisionRecord(requestID: placeholder), scopes: Array(Self.limits(principal).keys))
        try admit(principal, as: placeholder, meter: meter)
        defer { running.withLock { _ = $0.removeValue(forKey: placeholder) } }
        return try await start { job in
            self.running.withLock { all in
                all.removeValue(forKey: placeholder)
                all[job.id] = meter
            }
            record?.usage.meteredByJob(model: model)
        }
    }

    /// The job's ledger row, when it ends (the job runner's finish hook).
    func finished(_ job: JobRecord, media: [MediaRecord]) {
        let meter = running.withLock { $0.removeValue(forKey: job.id) }
        let record = meter?.record ?? Self.orphan(job)
        let images = media.filter { $0.kind == "image" }.count
        let seconds = media.filter { $0.kind == "video" }.reduce(0) { $0 + ($1.duration ?? 0) }
        record.usage.made(images: images, videoSeconds: seconds)
        usage?.finishedLater(record, status: job.status == .succeeded ? 200 : job.status == .cancelled ? 499 : 502)
    }

    private static func limits(_ principal: Principal) -> [String: Int] {
        (principal.access?.rateLimits ?? [:]).compactMapValues(\.maxConcurrentJobs)
    }

    private func admit(_ principal: Principal, as placeholder: String, meter: Meter) throws(GatewayError) {
        let limits = Self.limits(principal)
        try running.withLock { all throws(GatewayError) in
            for (scope, limit) in limits.sorted(by: { $0.key < $1.key }) where all.values.count(where: { $0.scopes.contains(scope) }) >= limit {
                let whose = scope.hasPrefix("team:") ? "The team of API key \(principal.id)" : "The API key \(principal.id)"
                throw GatewayError(
                    status: 429, code: "rate_limited",
                    message: "\(whose) may run \(limit) media job\(limit == 1 ? "" : "s") at a time; wait for one to finish (GET /v1/jobs lists them) and try again.",
                    retryAfter: 5)
            }
            all[placeholder] = meter
        }
    }

    /// A job nobody here started (it was resumed after a restart): its row says what the job record does.
    private static func orphan(_ job: JobRecord) -> DecisionRecord {
        let record = DecisionRecord(requestID: job.id)
        record.usage.orphan(principal: job.principal, model: job.model, startedAt: job.createdAt)
        return record
    }
}
