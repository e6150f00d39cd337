import Synchronization

/// One clock for every upstream stream of the process (SPEC §10): once a second it has each stream that was
/// silent for its keep-alive interval say so, and ends each one silent past its idle limit. One task for
/// all streams, instead of a task and a timer per stream (bench/PROFILE.md: a dispatch timer armed per
/// stream showed up in every streamed answer).
final class StreamWatchdog: Sendable {
    static let shared = StreamWatchdog()

    /// What the watchdog knows of one stream.
    struct Stream: Sendable {
        let heard: LastHeard
        let keepAlive: Duration
        let idle: Duration
        let sayKeepAlive: @Sendable () -> Void
        let endSilent: @Sendable () -> Void
        var lastSpoken: ContinuousClock.Instant = .now
    }

    private struct State {
        var streams: [UInt64: Stream] = [:]
        var nextToken: UInt64 = 0
        var ticker: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Watches a stream until `unwatch(token)`; starts the clock on first use.
    func watch(_ stream: Stream) -> UInt64 {
        state.withLock { state in
            state.nextToken += 1
            state.streams[state.nextToken] = stream
            if state.ticker == nil {
                state.ticker = Task.detached { [self] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        tick(now: .now)
                    }
                }
            }
            return state.nextToken
        }
    }

    func unwatch(_ token: UInt64) {
        _ = state.withLock { $0.streams.removeValue(forKey: token) }
    }

    /// Finds the streams due a keep-alive or past their idle limit, then acts outside the lock.
    func tick(now: ContinuousClock.Instant) {
        var actions: [@Sendable () -> Void] = []
        state.withLock { state in
            for (token, stream) in state.streams {
                let heard = stream.heard.instant
                if now - heard >= stream.idle {
                    actions.append(stream.endSilent)
                    state.streams[token] = nil
                } else if now - max(heard, stream.lastSpoken) >= stream.keepAlive {
                    actions.append(stream.sayKeepAlive)
                    state.streams[token]?.lastSpoken = now
                }
            }
        }
        for action in actions { action() }
    }
}

/// When an upstream last sent bytes; written by the reader, read by the watchdog.
final class LastHeard: Sendable {
    private let value = Mutex(ContinuousClock.now)

    func now() { value.withLock { $0 = .now } }
    var instant: ContinuousClock.Instant { value.withLock { $0 } }
}
