import Logging
import Storage
import Synchronization

/// Writes bookkeeping rows off the request path — ledger rows, request log rows, background responses'
/// events: callers hand rows over and return; one task lets rows gather for `gatherMilliseconds` and writes
/// what has gathered as one transaction (at thousands of requests a second a commit per few rows costs more
/// than the rows: pages of the log rewritten, a writer woken). A batch the database refuses is tried again
/// (twice, a second apart) before it is given up with an error in the log, so a short outage loses nothing.
final class BatchWriter<Row: Sendable>: Sendable {
    private struct State {
        var pending: [Row] = []
        var waiting: [CheckedContinuation<Void, Never>] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let gatherMilliseconds: Int
    /// What the rows are, for the log line of a lost batch ("usage rows").
    private let what: String
    private let logger: Logger
    private let write: @Sendable ([Row]) async throws -> Void

    init(gatherMilliseconds: Int, what: String, logger: Logger, write: @escaping @Sendable ([Row]) async throws -> Void) {
        self.gatherMilliseconds = gatherMilliseconds
        self.what = what
        self.logger = logger
        self.write = write
    }

    /// Queues a row; the first row of a quiet spell starts the task that writes.
    func add(_ row: Row) {
        add([row])
    }

    /// Queues rows; they are written within a gathering window.
    func add(_ rows: [Row]) {
        guard !rows.isEmpty else { return }
        queue(rows, waiting: nil)
    }

    /// Queues rows and returns once they (and everything queued before them) are written or given up.
    func addAndWait(_ rows: [Row]) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in queue(rows, waiting: done) }
    }

    /// Returns once everything queued so far is written or given up (the application stops).
    func flush() async {
        await addAndWait([])
    }

    private func queue(_ rows: [Row], waiting: CheckedContinuation<Void, Never>?) {
        let start = state.withLock { state in
            state.pending += rows
            if let waiting { state.waiting.append(waiting) }
            defer { state.draining = true }
            return !state.draining
        }
        if start { Task { await self.drain() } }
    }

    private func drain() async {
        while true {
            try? await Task.sleep(for: .milliseconds(gatherMilliseconds))
            let (batch, waiting) = state.withLock { state in
                defer { (state.pending, state.waiting) = ([], []) }
                if state.pending.isEmpty && state.waiting.isEmpty { state.draining = false }
                return (state.pending, state.waiting)
            }
            guard !batch.isEmpty || !waiting.isEmpty else { return }
            for attempt in 1...3 where !batch.isEmpty {
                do {
                    try await write(batch)
                    break
                } catch {
                    guard attempt < 3 else {
                        logger.error("\(batch.count) \(what) could not be written and are lost: \(error)")
                        break
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            for continuation in waiting { continuation.resume() }
        }
    }
}

/// Ledger rows (SPEC §13), 25 ms a batch.
typealias UsageWriter = BatchWriter<UsageEntry>

extension BatchWriter where Row == UsageEntry {
    convenience init(ledger: any UsageLedger, logger: Logger) {
        self.init(gatherMilliseconds: 25, what: "usage rows", logger: logger) { try await ledger.record($0) }
    }
}

/// Request log rows (SPEC §14), 50 ms a batch.
typealias RequestLogWriter = BatchWriter<RequestLogEntry>

extension BatchWriter where Row == RequestLogEntry {
    convenience init(log: any RequestLog, logger: Logger) {
        self.init(gatherMilliseconds: 50, what: "request log rows", logger: logger) { try await log.record($0) }
    }
}

/// Background responses' events (SPEC §15), 25 ms a batch, whatever streams they belong to, so persisting a
/// stream costs a commit per window rather than one per token; a stream's final events are written with
/// `addAndWait`.
typealias EventLogWriter = BatchWriter<LoggedEvent>

extension BatchWriter where Row == LoggedEvent {
    convenience init(log: any EventLog, logger: Logger) {
        self.init(gatherMilliseconds: 25, what: "events of background responses", logger: logger) { try await log.append($0) }
    }
}
