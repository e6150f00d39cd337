import Foundation

/// Runs media jobs: each in its own task, so it keeps running when its client goes away (only `cancel`
/// stops it); every state change is written to the job row; finished files go to the media store.
public struct JobRunner: Sendable {
    public let jobs: JobStore
    public let media: MediaStore
    public let timeoutSeconds: Int

    public init(jobs: JobStore, media: MediaStore, timeoutSeconds: Int) {
        self.jobs = jobs
        self.media = media
        self.timeoutSeconds = timeoutSeconds
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
        Task.detached {
            await runner.run(job, provider: provider, request: request, prompt: prompt, updates: continuation)
        }
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
            guard !assets.isEmpty else { throw MediaProviderError("the provider finished without a result") }
            var stored: [MediaRecord] = []
            for asset in assets {
                stored.append(try await media.save(asset.bytes, as: NewMedia(
                    kind: asset.kind, mimeType: asset.mimeType, principal: job.principal, jobID: job.id, prompt: prompt, model: job.model,
                    width: asset.width, height: asset.height, duration: asset.duration)))
            }
            await finish(&job, status: .succeeded, media: stored, error: nil, updates: updates)
        } catch {
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
        try? await jobs.save(job)
        updates.yield(.finished(job, media))
        updates.finish()
    }
}
