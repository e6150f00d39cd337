import Foundation
import Logging
import Storage
import Synchronization

/// How many clients of this replica follow each job now.
public final class JobFollowers: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Counts a client that follows `id` for as long as `body` runs; a client that goes away is logged once
    /// it no longer counts.
    public func following<Value>(_ id: String, _ body: () async throws -> Value) async throws -> Value {
        counts.withLock { $0[id, default: 0] += 1 }
        do {
            let value = try await body()
            leave(id)
            return value
        } catch {
            leave(id)
            if Task.isCancelled { logger.info("Job \(id): its client went away; the job goes on, and the same request picks it up") }
            throw error
        }
    }

    private func leave(_ id: String) {
        counts.withLock { counts in
            counts[id, default: 1] -= 1
            if counts[id] == 0 { counts[id] = nil }
        }
    }

    public func contains(_ id: String) -> Bool {
        counts.withLock { $0[id] != nil }
    }
}

/// Stop, then Regenerate, pays once (SPEC §5): a chat UI's Stop closes the connection while the job goes on;
/// the identical request that follows attaches to that job instead of paying for another.
extension JobRunner {
    /// The job an identical request of `principal` attaches to: the newest made within 24 hours with this
    /// fingerprint whose result no client received, that did not fail, and that no client of this replica
    /// follows now.
    public func undeliveredJob(principal: String, fingerprint: String, now: Double = Date().timeIntervalSince1970) async throws -> JobRecord? {
        try await jobs.undelivered(principal: principal, fingerprint: fingerprint, since: now - 86_400).first { !followers.contains($0.id) }
    }

    /// Follows a job started earlier, here or on another replica, through its row: its current state at
    /// once, each change, then its end with its media. The stream ends early only if the store fails.
    public func attach(_ job: JobRecord) -> AsyncStream<Update> {
        let (updates, continuation) = AsyncStream<Update>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let (jobs, media) = (self.jobs, self.media)
        let task = Task {
            do {
                for try await state in jobs.follow(id: job.id, owner: nil) {
                    guard state.status.isFinished else {
                        continuation.yield(.changed(state))
                        continue
                    }
                    var records: [MediaRecord] = []
                    for id in state.mediaIDs {
                        if let record = try await media.record(id: id, owner: nil) { records.append(record) }
                    }
                    continuation.yield(.finished(state, records))
                }
            } catch {
                // The caller sees the stream end without the job's end and says so.
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return updates
    }
}
