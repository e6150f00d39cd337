import GRDB

/// Group commit: saves that arrive while a transaction is being written wait and go together in the next
/// one, each in its own savepoint. Under load SQLite then commits a few large transactions instead of many
/// small ones, and every caller still returns only once its own rows are committed.
actor CommitQueue {
    typealias Work = @Sendable (Database) throws -> Void

    private let writer: any DatabaseWriter
    private var pending: [(work: Work, done: CheckedContinuation<Void, any Error>)] = []
    private var draining = false

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in a write transaction shared with other pending work; returns once it is committed.
    func commit(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((work, done))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                let outcomes = try await writer.write { db in
                    batch.map { entry -> (any Error)? in
                        do {
                            try db.inSavepoint {
                                try entry.work(db)
                                return .commit
                            }
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                for (entry, failure) in zip(batch, outcomes) {
                    if let failure { entry.done.resume(throwing: failure) } else { entry.done.resume() }
                }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
        draining = false
    }
}
