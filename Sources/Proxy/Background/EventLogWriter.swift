import Logging
import Storage
import Synchronization

/// Writes background responses' events off their path (SPEC §15): events gather for `gatherMilliseconds`
/// and go as one transaction, whatever streams they belong to, so persisting a stream costs a commit per
/// window rather than one per token. `write` waits until its events are stored (a stream's final events);
/// `add` does not. A batch the database refuses is tried again twice, a second apart, before it is logged
/// as lost.
final class EventLogWriter: Sendable {
    private struct State {
        var pending: [LoggedEvent] = []
        var waiting: [CheckedContinuation<Void, Never>] = []
        var draining = false
    }

    private let log: any EventLog
    private let logger: Logger
    private let state = Mutex(State())
    /// How long events gather before their transaction.
    static let gatherMilliseconds = 25

    init(log: any EventLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    /// Queues `events`; they are stored within a gathering window.
    func add(_ events: [LoggedEvent]) {
        guard !events.isEmpty else { return }
        let start = state.withLock { state in
            state.pending += events
            defer { state.draining = true }
            return !state.draining
        }
        if start { Task { await self.drain() } }
    }

    /// Queues `events` and returns once they (and everything queued before them) are stored or given up.
    func write(_ events: [LoggedEvent]) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let start = state.withLock { state in
                state.pending += events
                state.waiting.append(done)
                defer { state.draining = true }
                return !state.draining
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            try? await Task.sleep(for: .milliseconds(Self.gatherMilliseconds))
            let (batch, waiting) = state.withLock { state in
                defer {
                    state.pending = []
                    state.waiting = []
                }
                if state.pending.isEmpty && state.waiting.isEmpty { state.draining = false }
                return (state.pending, state.waiting)
            }
            guard !batch.isEmpty || !waiting.isEmpty else { return }
            for attempt in 1...3 {
                do {
                    try await log.append(batch)
                    break
                } catch {
                    guard attempt < 3 else {
                        logger.error("\(batch.count) events of background responses could not be written and are lost: \(error)")
                        break
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            for continuation in waiting { continuation.resume() }
        }
    }
}
