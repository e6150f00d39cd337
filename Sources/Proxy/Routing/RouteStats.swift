import Synchronization

/// What routed requests learned about each target (`provider/model`): the exponentially weighted time to
/// first byte the `latency` strategy orders by, and the last 15 minutes of attempts for the admin's
/// `GET /v1/admin/routes`. Only route targets are recorded, so the keys are bounded by the configuration.
final class RouteStats: Sendable {
    /// One target's last 15 minutes.
    struct Summary: Sendable, Equatable {
        var requests = 0
        var failures = 0
        var p50Milliseconds: Double?
        var p95Milliseconds: Double?
    }

    private struct Event {
        let at: ContinuousClock.Instant
        /// Time to first byte of a success; `nil` for a failure.
        let firstByte: Duration?
    }

    private struct Target {
        var ewmaSeconds: Double?
        var events: [Event] = []
    }

    /// Weight of the newest sample in the moving average.
    static let smoothing = 0.3
    static let window = Duration.seconds(15 * 60)
    /// Events kept per target (up to twice as many between trims), so a busy target costs fixed memory.
    static let maxEvents = 4096

    private let clock: RouteClock
    private let targets = Mutex<[String: Target]>([:])

    init(clock: RouteClock = .system) {
        self.clock = clock
    }

    func recordSuccess(_ target: String, firstByte: Duration) {
        let seconds = Double(firstByte.components.seconds) + Double(firstByte.components.attoseconds) / 1e18
        record(target, Event(at: clock.now(), firstByte: firstByte)) { state in
            state.ewmaSeconds = state.ewmaSeconds.map { Self.smoothing * seconds + (1 - Self.smoothing) * $0 } ?? seconds
        }
    }

    func recordFailure(_ target: String) {
        record(target, Event(at: clock.now(), firstByte: nil)) { _ in }
    }

    /// The moving average of `target`'s time to first byte, in seconds, or `nil` without data.
    func latency(of target: String) -> Double? {
        targets.withLock { $0[target]?.ewmaSeconds }
    }

    func summary(of target: String) -> Summary {
        let since = clock.now() - Self.window
        let events = targets.withLock { $0[target]?.events.filter { $0.at >= since } ?? [] }
        var summary = Summary(requests: events.count, failures: events.filter { $0.firstByte == nil }.count)
        let times = events.compactMap(\.firstByte).map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        if !times.isEmpty {
            summary.p50Milliseconds = times[min(times.count - 1, times.count / 2)]
            summary.p95Milliseconds = times[min(times.count - 1, Int(Double(times.count) * 0.95))]
        }
        return summary
    }

    private func record(_ target: String, _ event: Event, update: (inout Target) -> Void) {
        targets.withLock { targets in Self.add(event, update, to: &targets[target, default: Target()]) }
    }

    /// Modifies the target's state in place (no copy of its event list) and trims the list by half once it
    /// doubles, so a record is O(1) amortised; events older than the window are left for `summary` to skip.
    private static func add(_ event: Event, _ update: (inout Target) -> Void, to state: inout Target) {
        update(&state)
        state.events.append(event)
        if state.events.count >= 2 * maxEvents { state.events.removeFirst(state.events.count - maxEvents) }
    }
}
