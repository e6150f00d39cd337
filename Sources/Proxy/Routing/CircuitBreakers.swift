import Synchronization

/// One circuit breaker per provider, shared by every route (SPEC §12): after `failureLimit` consecutive
/// failed attempts a provider is open for `openSeconds`, and routes skip it; then one request is let
/// through (half-open) and its result closes the circuit or opens it again. Direct `provider/model`
/// requests are not stopped by an open circuit, but their results count.
final class CircuitBreakers: Sendable {
    /// What a route sees of a provider.
    enum State: String, Sendable {
        case closed
        case open
        case halfOpen = "half-open"
    }

    private enum Circuit {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        /// The trial request was let through at `since`; a trial that never reports (it found no key, or its
        /// task ended) stops blocking after another pause.
        case halfOpen(since: ContinuousClock.Instant)
    }

    let failureLimit: Int
    let openSeconds: Int
    private let clock: RouteClock
    private let circuits = Mutex<[String: Circuit]>([:])

    init(failureLimit: Int, openSeconds: Int, clock: RouteClock = .system) {
        self.failureLimit = failureLimit
        self.openSeconds = openSeconds
        self.clock = clock
    }

    /// The state without changing it (dry runs, the admin's list).
    func state(of provider: String) -> State {
        let now = clock.now()
        return circuits.withLock { circuits in
            switch circuits[provider] ?? .closed(failures: 0) {
            case .closed: return .closed
            case .open(let until): return until > now ? .open : .halfOpen
            case .halfOpen: return .halfOpen
            }
        }
    }

    /// Seconds until an open provider's trial, for sentences; `nil` when it is not open.
    func secondsUntilTrial(of provider: String) -> Int? {
        let now = clock.now()
        return circuits.withLock { circuits in
            guard case .open(let until) = circuits[provider], until > now else { return nil }
            let left = (until - now).components
            return Int(left.seconds) + (left.attoseconds > 0 ? 1 : 0)
        }
    }

    /// Whether a route may try `provider` now. Letting the first request through after the pause makes it
    /// the half-open trial, so a second concurrent one is refused until the trial reports.
    func admit(_ provider: String) -> Bool {
        let now = clock.now()
        let pause = Duration.seconds(openSeconds)
        return circuits.withLock { circuits in
            switch circuits[provider] ?? .closed(failures: 0) {
            case .closed:
                return true
            case .open(let until):
                guard until <= now else { return false }
                circuits[provider] = .halfOpen(since: now)
                return true
            case .halfOpen(let since):
                guard now - since >= pause else { return false }
                circuits[provider] = .halfOpen(since: now)
                return true
            }
        }
    }

    /// Counts one attempt's result toward `provider`'s circuit.
    func record(_ provider: String, succeeded: Bool) {
        let now = clock.now()
        let pause = Duration.seconds(openSeconds)
        circuits.withLock { circuits in
            let current = circuits[provider] ?? .closed(failures: 0)
            guard !succeeded else {
                if case .closed(0) = current { return }
                circuits[provider] = .closed(failures: 0)
                return
            }
            switch current {
            case .closed(let failures):
                circuits[provider] = failures + 1 >= failureLimit ? .open(until: now + pause) : .closed(failures: failures + 1)
            case .halfOpen, .open:
                circuits[provider] = .open(until: now + pause)
            }
        }
    }
}
