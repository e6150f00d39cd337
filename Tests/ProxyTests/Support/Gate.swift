import Synchronization

/// A one-way handshake between a test and a fake upstream: the fake waits until the test opens it (or a
/// generous bound passes, so a failing test cannot hang).
final class Gate: Sendable {
    var isOpen: Bool { state.withLock { $0.open } }

    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the gate is open, or after `seconds`.
    func wait(atMost seconds: Int = 30) async {
        let opener = Task {
            try? await Task.sleep(for: .seconds(seconds))
            open()
        }
        defer { opener.cancel() }
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}
