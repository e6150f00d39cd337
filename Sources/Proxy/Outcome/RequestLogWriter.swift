import Logging
import Storage
import Synchronization

/// Writes request log rows off the request path, as `UsageWriter` does ledger rows: requests hand their row
/// over and return; one task lets rows gather for `gatherMilliseconds` and writes them as one transaction.
/// A batch the database refuses is tried again twice, a second apart, then given up with an error in the log.
final class RequestLogWriter: Sendable {
    private struct State {
        var pending: [RequestLogEntry] = []
        var draining = false
    }

    private let log: any RequestLog
    private let logger: Logger
    private let state = Mutex(State())
    static let gatherMilliseconds = 50

    init(log: any RequestLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    /// Queues a row; the first row of a quiet spell starts the task that writes.
    func add(_ entry: RequestLogEntry) {
        let start = state.withLock { state in
            state.pending.append(entry)
            defer { state.draining = true }
            return !state.draining
        }
        if start { Task { await self.drain() } }
    }

    private func drain() async {
        while true {
            try? await Task.sleep(for: .milliseconds(Self.gatherMilliseconds))
            let batch = state.withLock { state in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.draining = false }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            for attempt in 1...3 {
                do {
                    try await log.record(batch)
                    break
                } catch {
                    guard attempt < 3 else {
                        logger.error("\(batch.count) request log rows could not be written and are lost: \(error)")
                        break
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}
