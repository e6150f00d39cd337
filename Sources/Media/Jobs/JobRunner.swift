import Foundation
import Logging
import PrismShared
import Storage
import Synchronization

/// The jobs running in this process, so `cancel` can reach them. A cancel that arrives between a job's
/// row and its task being registered is remembered and applied on registration.
final class RunningJobs: Sendable {
    private struct State {
        var tasks: [String: Task<Void, Never>] = [:]
        var cancelledEarly: Set<String> = []
    }

    private let state = Mutex(State())

    func insert(_ id: String, _ task: Task<Void, Never>) {
        state.withLock { state in
            state.tasks[id] = task
            if state.cancelledEarly.remove(id) != nil { task.cancel() }
        }
    }

    func remove(_ id: String) { _ = state.withLock { $0.tasks.removeValue(forKey: id) } }

    var ids: [String] { state.withLock { Array($0.tasks.keys) } }

    /// Cancels the job's task, or remembers to; returns the task to wait for, when registered.
    func cancel(_ id: String) -> Task<Void, Never>? {
        state.withLock { state in
            if let task = state.tasks[id] {
                task.cancel()
                return task
            }
            state.cancelledEarly.insert(id)
            return nil
        }
    }
}

/// Runs media jobs: each in its own task, so it keeps running when its client goes away (only `cancel`
/// stops it); every state change is written to the job row; finished files go to the media store.
public struct JobRunner: Sendable {
    /// Told of every job that ends, after its row is final (to complete the response waiting for it).
    public typealias Finished = @Sendable (JobRecord, [MediaRecord]) async -> Void
    /// The webhook events a job's end causes, written in the transaction that records the end (the outbox).
    public typealias Announcements = @Sendable (JobRecord, [MediaRecord]) -> [WebhookEvent]

    public let jobs: any JobStore
    public let media: MediaLibrary
    public let timeoutSeconds: Int
    /// Keeps keys out of the failure reasons that are stored and shown (providers may echo them).
    private let redactor: SecretRedactor
    /// This replica's hold on the jobs it runs (SPEC §17).
    public let leases: JobLeasePolicy
    private let onFinish: Finished
    private let announce: Announcements
    /// Where job state changes are logged, one line each, for an operator to see what clients made Prism do.
    public let logger: Logger
    private let running = RunningJobs()
    /// The jobs a client of this replica is following now: those are not undelivered (SPEC §5).
    public let followers: JobFollowers

    public init(
        jobs: any JobStore, media: MediaLibrary, timeoutSeconds: Int, redactor: SecretRedactor, leases: JobLeasePolicy,
        logger: Logger = Logger(label: "prism.jobs"), onFinish: @escaping Finished = { _, _ in }, announce: @escaping Announcements = { _, _ in [] }
    ) {
        self.announce = announce
        self.jobs = jobs
        self.leases = leases
        self.media = media
        self.timeoutSeconds = timeoutSeconds
        self.redactor = redactor
        self.logger = logger
        self.onFinish = onFinish
        followers = JobFollowers(logger: logger)
    }

    /// Stops a running job (it ends `cancelled`, and the provider is asked to stop its task) and returns
    /// it as it ended; a finished job is returned as it is. `nil` when `owner` may not see it.
    public func cancel(id: String, owner: String?) async throws -> JobRecord? {
        guard let job = try await jobs.job(id: id, owner: owner) else { return nil }
        guard !job.status.isFinished else { return job }
        if let task = running.cancel(id) { await task.value }
        return try await jobs.job(id: id, owner: owner)
    }

    /// The ids of the jobs this process is following now.
    public var runningIDs: [String] { running.ids }

    /// What a caller watching a job sees.
    public enum Update: Sendable {
        case changed(JobRecord)
        case finished(JobRecord, [MediaRecord])
    }

    /// Creates the job row (with what a restart needs to resume it) and starts the job; the stream
    /// follows it until it ends. Dropping the stream does not stop the job.
    /// `secrets` are keys the caller brought (BYOK), redacted from the job's messages like the environment's;
    /// `fingerprint` is the request's (`MediaRequest.fingerprint(model:)`) when the caller has it already;
    /// `annotations` are kept in the row beside the request (the job API's `webhook_url` and `metadata`).
    public func start(
        _ provider: any MediaProvider, request: MediaRequest, principal: String, model: String, responseID: String? = nil, secrets: [String] = [],
        fingerprint: String? = nil, annotations: JSONObject = JSONObject(), created: @Sendable (JobRecord) -> Void = { _ in }
    ) async throws -> (JobRecord, AsyncStream<Update>) {
        var stored = request.stored
        for (key, value) in annotations.members { stored[key] = value }
        let job = try await jobs.create(
            principal: principal, model: model, request: stored, responseID: responseID,
            fingerprint: fingerprint ?? request.fingerprint(model: model), lease: leases.lease())
        // Before the job runs, so whoever meters it knows it before it can end.
        created(job)
        return (job, launch(job, provider: provider, request: request, events: provider.generate(request), redactor: redactor.adding(secrets)))
    }

    /// Follows a job that an earlier run of the gateway left unfinished by polling the provider's task
    /// again. A job the provider had not accepted yet, or whose provider answers in one call, cannot be
    /// followed and ends failed.
    public func resume(_ job: JobRecord, provider: any MediaProvider) async {
        guard let task = job.providerTask, let request = job.request.flatMap(MediaRequest.init(stored:)),
              let events = provider.resume(task, request: request) else {
            await abandon(job, reason: "Prism restarted before \(job.model) had finished, and this provider's work cannot be picked up again; send the prompt again")
            return
        }
        _ = launch(job, provider: provider, request: request, events: events, redactor: redactor)
    }

    /// One log line per state change: job, principal, model, provider, state, seconds since it started.
    func logState(_ job: JobRecord, provider: String) {
        let elapsed = Int(Date().timeIntervalSince1970 - (job.startedAt ?? job.createdAt))
        let reason = job.errorMessage.map { ": \($0)" } ?? ""
        logger.info("Job \(job.id) \(job.status.rawValue)\(reason) (principal \(job.principal), model \(job.model), provider \(provider), \(elapsed) s)")
    }

    /// Records that a client received the job's result, so an identical request makes a new one; a store
    /// that fails is logged (the worst outcome is that a later identical request attaches to it).
    public func delivered(_ id: String) async {
        do {
            try await jobs.markDelivered(id: id, at: Date().timeIntervalSince1970)
        } catch {
            logger.warning("Job \(id): its delivery could not be recorded: \(error)")
        }
    }

    /// Ends an unfinished job that cannot run any more as failed, with `reason`.
    public func abandon(_ job: JobRecord, reason: String) async {
        var job = job
        let (_, updates) = AsyncStream<Update>.makeStream()
        await finish(&job, status: .failed, media: [], error: ("job_failed", reason), provider: job.model, updates: updates)
    }

    private func launch(
        _ job: JobRecord, provider: any MediaProvider, request: MediaRequest, events: AsyncThrowingStream<JobEvent, any Error>, redactor: SecretRedactor
    ) -> AsyncStream<Update> {
        let (updates, continuation) = AsyncStream<Update>.makeStream(bufferingPolicy: .bufferingNewest(64))
        logState(job, provider: provider.displayName)
        let runner = self
        let task = Task.detached {
            await runner.run(job, provider: provider, request: request, events: events, redactor: redactor, updates: continuation)
            runner.running.remove(job.id)
        }
        running.insert(job.id, task)
        return updates
    }

    private func run(
        _ initial: JobRecord, provider: any MediaProvider, request: MediaRequest, events providerEvents: AsyncThrowingStream<JobEvent, any Error>,
        redactor: SecretRedactor, updates: AsyncStream<Update>.Continuation
    ) async {
        var job = initial
        var assets: [MediaAsset] = []
        func record(_ change: (inout JobRecord) -> Void) async {
            let before = job.status
            change(&job)
            if job.status != before { logState(job, provider: provider.displayName) }
            do {
                try await jobs.save(job)
            } catch {
                // Progress is not lost for good: the next change, and the job's end, write the whole row again.
                logger.warning("Job \(job.id): its progress could not be saved: \(error)")
            }
            updates.yield(.changed(job))
        }
        let now = Date().timeIntervalSince1970
        // A resumed job keeps its start, so MEDIA_TIMEOUT_SECONDS bounds the whole job, restarts included.
        if job.startedAt == nil { job.startedAt = now }
        let remaining = max(0, Double(timeoutSeconds) - (now - (job.startedAt ?? now)))
        do {
            // The provider runs in its own task and a timer races it; whichever ends first ends the events.
            let (events, sink) = AsyncThrowingStream<JobEvent, any Error>.makeStream()
            let producer = Task {
                do {
                    for try await event in providerEvents { sink.yield(event) }
                    sink.finish()
                } catch {
                    sink.finish(throwing: error)
                }
            }
            let limit = timeoutSeconds
            let timer = Task {
                try await Task.sleep(for: .seconds(remaining))
                sink.finish(throwing: MediaProviderError("the provider did not finish within \(limit) s (MEDIA_TIMEOUT_SECONDS)"))
                producer.cancel()
            }
            defer {
                timer.cancel()
                producer.cancel()
            }
            for try await event in events {
                switch event {
                case .queued(let position):
                    await record { $0.status = .queued; $0.message = position.map { "position \($0) in the queue" } ?? "queued" }
                case .submitted(let task):
                    await record { $0.providerTaskID = task.id; $0.providerPollURL = task.pollURL }
                case .progress(let fraction, let status):
                    await record { $0.status = .running; $0.progress = fraction; $0.message = status ?? "running" }
                case .asset(let asset):
                    assets.append(asset)
                case .succeeded:
                    break
                case .failed(let reason):
                    throw MediaProviderError(reason)
                }
            }
            try Task.checkCancellation()
            guard !assets.isEmpty else { throw MediaProviderError("the provider finished without a result") }
            var stored: [MediaRecord] = []
            for asset in assets {
                stored.append(try await media.keep(asset.bytes, as: NewMedia(
                    kind: asset.kind, mimeType: asset.mimeType, principal: job.principal, jobID: job.id, prompt: request.prompt, model: job.model,
                    width: asset.width, height: asset.height, duration: asset.duration)))
            }
            await finish(&job, status: .succeeded, media: stored, error: nil, provider: provider.displayName, updates: updates)
        } catch {
            let cancelled = Task.isCancelled
            let reason = redactor.redact((error as? MediaProviderError)?.description ?? String(describing: error))
            let timedOut = !cancelled && reason.contains("MEDIA_TIMEOUT_SECONDS")
            // A cancel or a timeout stops the provider's task too; from a task of its own, as this one may be cancelled.
            if cancelled || timedOut, let task = job.providerTask { await Task { await provider.cancel(task) }.value }
            if cancelled {
                await finish(&job, status: .cancelled, media: [], error: ("job_cancelled", "the job was cancelled"), provider: provider.displayName, updates: updates)
            } else {
                await finish(&job, status: .failed, media: [], error: (timedOut ? "job_timeout" : "job_failed", reason), provider: provider.displayName, updates: updates)
            }
        }
    }

    private func finish(
        _ job: inout JobRecord, status: JobRecord.Status, media: [MediaRecord], error: (String, String)?, provider: String, updates: AsyncStream<Update>.Continuation
    ) async {
        job.status = status
        job.finishedAt = Date().timeIntervalSince1970
        job.progress = status == .succeeded ? 1 : job.progress
        job.mediaIDs = media.map(\.id)
        job.errorCode = error?.0
        job.errorMessage = error?.1
        job.message = error?.1 ?? status.rawValue
        logState(job, provider: provider)
        // A cancelled job's task refuses database work; the final writes run in a task of their own.
        let final = job
        let (store, onFinish, logger) = (jobs, self.onFinish, self.logger)
        // Made once, so a retried write keeps the same event ids.
        let events = announce(final, media)
        await Task {
            // The job's end and its media rows are one transaction; a store that fails is tried again
            // (for about a minute), since a job left `running` would be resumed for nothing.
            for attempt in 1...7 {
                do {
                    try await store.finish(final, media: media, events: events)
                    break
                } catch {
                    logger.error("Job \(final.id): its end could not be saved (attempt \(attempt) of 7): \(error)")
                    try? await Task.sleep(for: .milliseconds(250 << attempt))
                }
            }
            await onFinish(final, media)
        }.value
        updates.yield(.finished(job, media))
        updates.finish()
    }
}
