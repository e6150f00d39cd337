import Dispatch
import GRDB
import Synchronization

/// Group commit: saves that arrive while a transaction is being written wait and go together in the next
/// one. Under load SQLite then commits a few large transactions instead of many small ones, and every
/// caller still returns only once its own rows are committed (an answer a client saw survives `kill -9`).
///
/// The queue is a lock-guarded list drained on one serial dispatch queue with GRDB's synchronous API: no
/// actor, no `Task` and no async GRDB call per save, which were most of the cost of a small insert. A batch
/// is one transaction without savepoints; if it fails, its entries are written again one by one, so one
/// bad entry fails alone.
final class CommitQueue: Sendable {
    typealias Work = @Sendable (Database) throws -> Void

    private struct Entry {
        let work: Work
        let done: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Entry] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "prism.sqlite.commits")

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in a write transaction shared with other pending work; returns once it is committed.
    func commit(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let startDrain = state.withLock { state in
                state.pending.append(Entry(work: work, done: done))
                defer { state.draining = true }
                return !state.draining
            }
            if startDrain { queue.async { self.drain() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func drain() {
        while true {
            let batch = state.withLock { state in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.draining = false }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            do {
                try writer.write { db in
                    for entry in batch { try entry.work(db) }
                }
                for entry in batch { entry.done.resume() }
            } catch {
                // Rare (a constraint, a full disk): find out whose entry failed by writing each alone.
                for entry in batch {
                    do {
                        try writer.write { db in try entry.work(db) }
                        entry.done.resume()
                    } catch {
                        entry.done.resume(throwing: error)
                    }
                }
            }
        }
    }
}
