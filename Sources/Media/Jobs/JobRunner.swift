import Foundation
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
    public let jobs: JobStore
    public let media: MediaStore
    public let timeoutSeconds: Int
    private let running = RunningJobs()

    public init(jobs: JobStore, media: MediaStore, timeoutSeconds: Int) {
        self.jobs = jobs
        self.media = media
        self.timeoutSeconds = timeoutSeconds
    }

    /// Stops a running job (it ends `cancelled`) and returns it as it ended; a finished job is returned
    /// as it is. `nil` when `owner` may not see it.
    public func cancel(id: String, owner: String?) async throws -> JobRecord? {
        guard let job = try await jobs.job(id: id, owner: owner) else { return nil }
        guard !job.status.isFinished else { return job }
        if let task = running.cancel(id) { await task.value }
        return try await jobs.job(id: id, owner: owner)
    }

    /// What a caller watching a job sees.
    public enum Update: Sendable {
        case changed(JobRecord)
        case finished(JobRecord, [MediaRecord])
    }

    /// Creates the job row and starts the job; the stream follows it until it ends. Dropping the stream
    /// does not stop the job.
    public func start(_ provider: any MediaProvider, request: MediaRequest, principal: String, model: String, prompt: String) async throws -> (JobRecord, AsyncStream<Update>) {
        let job = try await jobs.create(principal: principal, model: model)
        let (updates, continuation) = AsyncStream<Update>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let runner = self
        let task = Task.detached {
            await runner.run(job, provider: provider, request: request, prompt: prompt, updates: continuation)
            runner.running.remove(job.id)
        }
        running.insert(job.id, task)
        return (job, updates)
    }

    private func run(_ initial: JobRecord, provider: any MediaProvider, request: MediaRequest, prompt: String, updates: AsyncStream<Update>.Continuation) async {
        var job = initial
        var assets: [MediaAsset] = []
        func record(_ change: (inout JobRecord) -> Void) async {
            change(&job)
            try? await jobs.save(job)
            updates.yield(.changed(job))
        }
        job.startedAt = Date().timeIntervalSince1970
        do {
            // The provider runs in its own task and a timer races it; whichever ends first ends the events.
            let (events, sink) = AsyncThrowingStream<JobEvent, any Error>.makeStream()
            let producer = Task {
                do {
                    for try await event in provider.generate(request) { sink.yield(event) }
                    sink.finish()
                } catch {
                    sink.finish(throwing: error)
                }
            }
            let limit = timeoutSeconds
            let timer = Task {
                try await Task.sleep(for: .seconds(limit))
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
                    await record { $0.status = .queued; $0.message = position.map { "queued, position \($0)" } ?? "queued" }
                case .submitted(let taskID):
                    await record { $0.providerTaskID = taskID }
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
                stored.append(try await media.save(asset.bytes, as: NewMedia(
                    kind: asset.kind, mimeType: asset.mimeType, principal: job.principal, jobID: job.id, prompt: prompt, model: job.model,
                    width: asset.width, height: asset.height, duration: asset.duration)))
            }
            await finish(&job, status: .succeeded, media: stored, error: nil, updates: updates)
        } catch {
            if Task.isCancelled {
                await finish(&job, status: .cancelled, media: [], error: ("job_cancelled", "the job was cancelled"), updates: updates)
                return
            }
            let reason = (error as? MediaProviderError)?.description ?? String(describing: error)
            let code = reason.contains("MEDIA_TIMEOUT_SECONDS") ? "job_timeout" : "job_failed"
            await finish(&job, status: .failed, media: [], error: (code, reason), updates: updates)
        }
    }

    private func finish(_ job: inout JobRecord, status: JobRecord.Status, media: [MediaRecord], error: (String, String)?, updates: AsyncStream<Update>.Continuation) async {
        job.status = status
        job.finishedAt = Date().timeIntervalSince1970
        job.progress = status == .succeeded ? 1 : job.progress
        job.mediaIDs = media.map(\.id)
        job.errorCode = error?.0
        job.errorMessage = error?.1
        job.message = error?.1 ?? status.rawValue
        // A cancelled job's task refuses database work; the final row is written from a task of its own.
        let final = job
        let store = jobs
        await Task { try? await store.save(final) }.value
        updates.yield(.finished(job, media))
        updates.finish()
    }
}
