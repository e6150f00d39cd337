import Logging
import Synchronization

/// Logs circuit state changes with their reason (SPEC §14): after a request's attempts, each provider it tried
/// is compared with the state last seen. A circuit that half-opens by the clock alone is noticed at its next
/// attempt.
final class CircuitWatch: Sendable {
    private let breakers: CircuitBreakers
    private let seen = Mutex<[String: CircuitBreakers.State]>([:])

    init(breakers: CircuitBreakers) {
        self.breakers = breakers
    }

    /// Logs each of `providers` whose circuit changed since it was last seen.
    func check(_ providers: Set<String>, logger: Logger) {
        for provider in providers {
            let state = breakers.state(of: provider)
            let before = seen.withLock { seen in
                defer { seen[provider] = state }
                return seen[provider] ?? .closed
            }
            guard before != state else { continue }
            switch state {
            case .open:
                let trial = breakers.secondsUntilTrial(of: provider).map { ", next trial in \($0) s" } ?? ""
                logger.warning("Circuit of provider \(provider) opened after repeated failures\(trial).", metadata: ["provider": .string(provider), "circuit": "open"])
            case .halfOpen:
                logger.notice("Circuit of provider \(provider) is half open: one trial request may pass.", metadata: ["provider": .string(provider), "circuit": "half-open"])
            case .closed:
                logger.notice("Circuit of provider \(provider) closed again: a request succeeded.", metadata: ["provider": .string(provider), "circuit": "closed"])
            }
        }
    }
}
