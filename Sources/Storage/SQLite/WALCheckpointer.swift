import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file once a second with a passive checkpoint, on a
/// connection of its own: it never waits for readers and never holds up the writer, so a commit a client is
/// waiting for does not pay for it. SQLite's own automatic checkpoint (switched off in `SQLiteDatabase.open`)
/// would run inside whichever commit crosses 1000 pages.
final class WALCheckpointer: Sendable {
    private let stopped = Atomic(false)

    private init() {}

    static func start(_ pool: DatabasePool, every interval: DispatchTimeInterval = .seconds(1)) throws -> WALCheckpointer {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: pool.path, configuration: configuration)
        let checkpointer = WALCheckpointer()
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "prism.sqlite.checkpoint", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        // The handler keeps the timer and its connection alive and holds the pool weakly: once the database
        // is closed or gone (tests open many) the timer cancels itself and lets go of the handler and with it
        // its connection.
        timer.setEventHandler { [weak pool] in
            guard pool != nil, !checkpointer.stopped.load(ordering: .relaxed) else {
                timer.cancel()
                timer.setEventHandler(handler: nil)
                return
            }
            // A checkpoint that cannot run now (the file busy, a disk error) is tried again a second later;
            // nothing is lost meanwhile, the log only grows.
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        timer.resume()
        return checkpointer
    }

    /// No checkpoint starts after this; the timer's next tick lets go of the connection.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
