import Synchronization
@testable import Proxy

/// A clock a test moves by hand, so pauses and windows pass without waiting.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    func advance(by duration: Duration) {
        instant.withLock { $0 += duration }
    }

    var routeClock: RouteClock {
        RouteClock { self.instant.withLock { $0 } }
    }
}
