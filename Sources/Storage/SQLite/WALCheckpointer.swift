import Dispatch
import GRDB

/// Copies the write-ahead log into the database file once a second with a passive checkpoint, which never
/// waits for readers. SQLite's own automatic checkpoint (switched off in `SQLiteDatabase.open`) would run
/// inside whichever commit crosses 1000 pages, adding milliseconds to the answer waiting for it.
enum WALCheckpointer {
    static func start(_ pool: DatabasePool, every interval: DispatchTimeInterval = .seconds(1)) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "prism.sqlite.checkpoint", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        // The handler keeps the timer alive and holds the pool weakly: once the database is gone (tests open
        // many) the timer cancels itself and lets go of the handler, which ends the cycle.
        timer.setEventHandler { [weak pool] in
            guard let pool else {
                timer.cancel()
                timer.setEventHandler(handler: nil)
                return
            }
            // A checkpoint that cannot run now (the file busy, a disk error) is tried again a second later;
            // nothing is lost meanwhile, the log only grows.
            _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        timer.resume()
    }
}
