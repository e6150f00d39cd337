import Dispatch
import GRDB

/// Copies the write-ahead log into the database file once a second with a passive checkpoint, on a
/// connection of its own: it never waits for readers and never holds up the writer, so a commit a client is
/// waiting for does not pay for it. SQLite's own automatic checkpoint (switched off in `SQLiteDatabase.open`)
/// would run inside whichever commit crosses 1000 pages.
enum WALCheckpointer {
    static func start(_ pool: DatabasePool, every interval: DispatchTimeInterval = .seconds(1)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: pool.path, configuration: configuration)
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "prism.sqlite.checkpoint", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        // The handler keeps the timer and its connection alive and holds the pool weakly: once the database
        // is gone (tests open many) the timer cancels itself and lets go of the handler, ending the cycle.
        timer.setEventHandler { [weak pool] in
            guard pool != nil else {
                timer.cancel()
                timer.setEventHandler(handler: nil)
                return
            }
            // A checkpoint that cannot run now (the file busy, a disk error) is tried again a second later;
            // nothing is lost meanwhile, the log only grows.
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        timer.resume()
    }
}
