import Foundation
import Storage
import Synchronization

/// The events of the background responses this process is running, for followers in this process (SPEC §15):
/// a follower gets every event after the one it names at once, then each new one as it is made — not after
/// its batch reached the event log, so a streamed background response is as prompt as a plain stream. Kept
/// only while a response runs; after that the event log has them all.
final class LiveEvents: Sendable {
    private struct Stream {
        var events: [LoggedEvent] = []
        var followers: [UUID: AsyncThrowingStream<[LoggedEvent], any Error>.Continuation] = [:]
    }

    private let streams = Mutex<[String: Stream]>([:])

    /// The response `id` starts: followers may attach from now on.
    func open(_ id: String) {
        streams.withLock { $0[id] = Stream() }
    }

    /// Hands `events` of response `id` to its followers, together (they write them in one piece), and keeps
    /// them for later ones.
    func publish(_ events: [LoggedEvent], of id: String) {
        let followers = streams.withLock { streams -> [AsyncThrowingStream<[LoggedEvent], any Error>.Continuation] in
            streams[id]?.events += events
            return Array((streams[id]?.followers ?? [:]).values)
        }
        for follower in followers { follower.yield(events) }
    }

    /// The response `id` ended and its events are in the log: its followers' streams end.
    func close(_ id: String) {
        let followers = streams.withLock { $0.removeValue(forKey: id)?.followers.values.map { $0 } ?? [] }
        for follower in followers { follower.finish() }
    }

    /// The sequence number of the last event of `id` made so far (-1: none yet); `nil` when this process does
    /// not run it. Ahead of the event log, whose batches lag by up to their gathering window.
    func lastSequence(of id: String) -> Int? {
        streams.withLock { streams in streams[id].map { $0.events.last?.sequence ?? -1 } }
    }

    /// Hands `follower` the events of `id` after sequence number `after` (all with `nil`), then the new ones
    /// in the batches they were made in, and finishes it when the response ends; `false` (and nothing handed)
    /// when this process does not run it.
    func follow(_ id: String, after: Int?, into follower: AsyncThrowingStream<[LoggedEvent], any Error>.Continuation) -> Bool {
        let key = UUID()
        // Under the lock: no event can be published between the ones copied and the follower's registration.
        let attached = streams.withLock { streams -> Bool in
            guard var live = streams[id] else { return false }
            let missed = live.events.filter { $0.sequence > (after ?? -1) }
            if !missed.isEmpty { follower.yield(missed) }
            live.followers[key] = follower
            streams[id] = live
            return true
        }
        guard attached else { return false }
        follower.onTermination = { [weak self] _ in
            self?.streams.withLock { _ = $0[id]?.followers.removeValue(forKey: key) }
        }
        return true
    }
}
