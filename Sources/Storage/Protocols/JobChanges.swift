import Foundation
import Synchronization

/// Wakes the followers of a job when it changes (SPEC §17: a client following a job from another replica sees
/// its progress within 2 s). The job store announces every write; on PostgreSQL the announcement travels
/// between replicas by `NOTIFY`. A follower also wakes every `fallback` on its own, so a lost notification
/// (a listener that is reconnecting, a replica of another version) delays it by at most that much.
public final class JobChanges: Sendable {
    private let followers = Mutex<[String: [UUID: AsyncStream<Void>.Continuation]]>([:])
    let fallback: Duration

    init(fallback: Duration = .seconds(1)) {
        self.fallback = fallback
    }

    /// The job `id` changed: wake whoever follows it on this replica.
    func announce(_ id: String) {
        let waiting = followers.withLock { $0[id].map { Array($0.values) } ?? [] }
        for continuation in waiting { continuation.yield() }
    }

    /// Wake-ups for the job `id`: one at once, then one per change (coalesced while the follower is busy) and
    /// one every `fallback` without a change. Registered before it returns, so nothing announced after the
    /// call is missed.
    func wakeUps(for id: String) -> AsyncStream<Void> {
        let token = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        followers.withLock { $0[id, default: [:]][token] = continuation }
        continuation.yield()
        let fallback = self.fallback
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: fallback)
                continuation.yield()
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker.cancel()
            self?.followers.withLock { followers in
                followers[id]?[token] = nil
                if followers[id]?.isEmpty == true { followers[id] = nil }
            }
        }
        return stream
    }
}

extension JobStore {
    /// The job `id` (if `owner` may see it) as it changes: its current state at once, then each new state,
    /// ending after it finishes; nothing when there is no such job.
    ///
    /// ```swift
    /// for try await job in jobs.follow(id: id, owner: nil) { show(job.message) }
    /// ```
    public func follow(id: String, owner: String?) -> AsyncThrowingStream<JobRecord, any Error> {
        let wakeUps = changes.wakeUps(for: id)
        return AsyncThrowingStream { continuation in
            let task = Task {
                var last: JobRecord?
                do {
                    for await _ in wakeUps {
                        guard let job = try await self.job(id: id, owner: owner) else { break }
                        if job != last { continuation.yield(job) }
                        last = job
                        if job.status.isFinished { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
