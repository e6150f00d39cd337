import Synchronization

/// One provider's keys, used round-robin. A key answered with 429 cools down (for `Retry-After` when
/// given), one answered with 401/403 is benched. Shared by all requests, so its state sits behind a mutex.
final class KeyPool: Sendable {
    /// What became of one attempt with a key.
    enum Outcome: Sendable {
        case succeeded
        case rateLimited(retryAfterSeconds: Int?)
        case rejected(status: Int)
        case failed(String)
    }

    /// A key handed out for one attempt. `key` is empty for a provider that needs none.
    struct Lease: Sendable {
        let index: Int
        let key: String
    }

    /// What the admin sees of a key: never the key itself.
    struct KeyState: Sendable {
        let masked: String
        let coolingForSeconds: Int?
        let benchedForSeconds: Int?
        let lastError: String?
    }

    private struct State {
        var cursor = 0
        var coolingUntil: [ContinuousClock.Instant?]
        var benchedUntil: [ContinuousClock.Instant?]
        var lastError: [String?]
    }

    let keys: [String]
    private let benchSeconds: Int
    private let defaultCoolDownSeconds: Int
    private let state: Mutex<State>

    /// - Parameter keys: the pool; an empty list means the provider is called without a key.
    init(keys: [String], benchSeconds: Int, defaultCoolDownSeconds: Int = 30) {
        self.keys = keys.isEmpty ? [""] : keys
        self.benchSeconds = benchSeconds
        self.defaultCoolDownSeconds = defaultCoolDownSeconds
        let count = self.keys.count
        state = Mutex(State(coolingUntil: Array(repeating: nil, count: count), benchedUntil: Array(repeating: nil, count: count), lastError: Array(repeating: nil, count: count)))
    }

    /// Up to `limit` distinct usable keys, starting at the round-robin cursor. When none is usable, the
    /// seconds until the first one is.
    func leases(limit: Int) -> (leases: [Lease], nextUsableInSeconds: Int?) {
        let now = ContinuousClock.now
        return state.withLock { state in
            let start = state.cursor
            state.cursor = (state.cursor + 1) % keys.count
            var leases: [Lease] = []
            var soonest: ContinuousClock.Instant?
            for step in 0..<keys.count where leases.count < limit {
                let index = (start + step) % keys.count
                let until = [state.coolingUntil[index], state.benchedUntil[index]].compactMap { $0 }.max()
                if let until, until > now {
                    soonest = soonest.map { min($0, until) } ?? until
                } else {
                    leases.append(Lease(index: index, key: keys[index]))
                }
            }
            let wait = soonest.map { max(1, Int(($0 - now).components.seconds) + 1) }
            return (leases, leases.isEmpty ? wait : nil)
        }
    }

    /// How many keys are usable now, without moving the round-robin cursor (dry runs).
    func usableCount() -> Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            keys.indices.filter { index in
                let until = [state.coolingUntil[index], state.benchedUntil[index]].compactMap { $0 }.max()
                return until.map { $0 <= now } ?? true
            }.count
        }
    }

    func record(_ outcome: Outcome, for lease: Lease) {
        let now = ContinuousClock.now
        state.withLock { state in
            switch outcome {
            case .succeeded:
                state.coolingUntil[lease.index] = nil
                state.benchedUntil[lease.index] = nil
            case .rateLimited(let retryAfter):
                state.coolingUntil[lease.index] = now + .seconds(retryAfter ?? defaultCoolDownSeconds)
                state.lastError[lease.index] = "429 rate limited"
            case .rejected(let status):
                state.benchedUntil[lease.index] = now + .seconds(benchSeconds)
                state.lastError[lease.index] = "\(status) key refused"
            case .failed(let reason):
                state.lastError[lease.index] = reason
            }
        }
    }

    /// The state of each key, masked, for the admin's `keys` command.
    func snapshot() -> [KeyState] {
        let now = ContinuousClock.now
        return state.withLock { state in
            keys.indices.map { index in
                func remaining(_ until: ContinuousClock.Instant?) -> Int? {
                    guard let until, until > now else { return nil }
                    return Int((until - now).components.seconds) + 1
                }
                return KeyState(
                    masked: Self.mask(keys[index]), coolingForSeconds: remaining(state.coolingUntil[index]),
                    benchedForSeconds: remaining(state.benchedUntil[index]), lastError: state.lastError[index])
            }
        }
    }

    /// `sk-…wxyz`: enough to tell keys apart, never enough to use one.
    static func mask(_ key: String) -> String {
        guard key.count > 12 else { return key.isEmpty ? "(none)" : "…" }
        return "\(key.prefix(3))…\(key.suffix(4))"
    }
}
