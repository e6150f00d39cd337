import GRDB
import Synchronization

extension SQLiteUsageLedger {
    func addRateCounts(_ counts: [RateCount], totalsOf windows: [RateCount], now: Double) async throws -> [RateCount] {
        let totals = Mutex<[RateCount]>([])
        try await database.commits.commit { db in
            let add = try db.cachedStatement(sql: """
                INSERT INTO rate_counts (scope, span, requests, tokens, ends_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(scope, span) DO UPDATE SET requests = requests + excluded.requests, tokens = tokens + excluded.tokens
                """)
            for count in counts { try add.execute(arguments: [count.scope, count.span, count.requests, count.tokens, count.endsAt]) }
            try db.cachedStatement(sql: "DELETE FROM rate_counts WHERE ends_at < ?").execute(arguments: [now - 86_400])
            let read = try db.cachedStatement(sql: "SELECT requests, tokens FROM rate_counts WHERE scope = ? AND span = ?")
            var found: [RateCount] = []
            for window in windows {
                guard let row = try Row.fetchOne(read, arguments: [window.scope, window.span]) else { continue }
                found.append(RateCount(scope: window.scope, span: window.span, requests: row[0], tokens: row[1], endsAt: window.endsAt))
            }
            totals.withLock { $0 = found }
        }
        return totals.withLock { $0 }
    }
}
