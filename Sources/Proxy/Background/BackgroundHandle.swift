import Synchronization

/// The background responses, reachable from what is built before them (the job runner's end hook): set once
/// by the composition root.
final class BackgroundHandle: Sendable {
    private let stored = Mutex<BackgroundResponses?>(nil)

    /// The background responses, once set.
    var value: BackgroundResponses? { stored.withLock { $0 } }

    /// Sets them (once, at start-up).
    func set(_ background: BackgroundResponses) { stored.withLock { $0 = background } }
}
