import Logging
import Storage
import Synchronization

/// Writes ledger rows off the request path: requests hand their row over and return; one task lets rows
/// gather for `gatherMilliseconds` and writes what has gathered as one transaction (at thousands of requests
/// a second a commit per few rows cost more than the rows: pages of the log rewritten, a writer woken). A batch the database refuses is tried again (twice, a second
/// apart) before it is given up with an error in the log, so a short outage loses nothing.
final class UsageWriter: Sendable {
    private struct State {
        var pending: [UsageEntry] = []
        var draining = false
    }

    private let ledger: any UsageLedger
    private let logger: Logger
    private let state = Mutex(State())
    static let gatherMilliseconds = 25

    init(ledger: any UsageLedger, logger: Logger) {
        self.ledger = ledger
        self.logger = logger
    }

    func add(_ entry: UsageEntry) {
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
                    try await ledger.record(batch)
                    break
                } catch {
                    guard attempt < 3 else {
                        logger.error("\(batch.count) usage rows could not be written and are lost: \(error)")
                        break
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}
