import Synchronization

/// Where routing reads the time: the system's continuous clock, or in tests one they move by hand, so the
/// breaker's pause and the latency window are exercised without waiting.
struct RouteClock: Sendable {
    let now: @Sendable () -> ContinuousClock.Instant

    static let system = RouteClock { ContinuousClock.now }
}

/// Where routing draws chance from (weighted choice, latency exploration): a value in `0..<1`.
/// Tests hand in a fixed sequence so every ordering is predictable.
struct RandomSource: Sendable {
    let next: @Sendable () -> Double

    static let system = RandomSource { Double.random(in: 0..<1) }

    /// Returns `values` in turn, then starts over.
    static func sequence(_ values: [Double]) -> RandomSource {
        let cursor = Mutex(0)
        return RandomSource {
            cursor.withLock { index in
                defer { index += 1 }
                return values[index % values.count]
            }
        }
    }
}
