import GRDB
import PrismShared
import Synchronization

/// The usage ledger in SQLite. `record` joins the group commit, so a burst of requests writes its rows in
/// a few transactions; it is called off the request path, by the batching writer.
struct SQLiteUsageLedger: UsageLedger {
    let database: SQLiteDatabase

    func record(_ entries: [UsageEntry]) async throws {
        guard !entries.isEmpty else { return }
        let rows = entries.map { ($0, JSONValue.array($0.tags.map { .string($0) }).serialized()) }
        try await database.commits.commit { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO usage (id, created_at, key_id, team_id, principal, tags, model, route, provider, upstream_model, input_tokens, output_tokens,
                cached_tokens, images, video_seconds, cost_usd, priced, latency_ms, first_byte_ms, status, attempts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let release = try db.cachedStatement(sql: "DELETE FROM budget_reservations WHERE id = ?")
            let spend = try db.cachedStatement(sql: """
                INSERT INTO spend_daily (scope, day, usd) VALUES (?, ?, ?) ON CONFLICT(scope, day) DO UPDATE SET usd = usd + excluded.usd
                """)
            for (entry, tags) in rows {
                try insert.execute(arguments: [
                    entry.id, entry.time, entry.keyID, entry.teamID, entry.principal, tags, entry.model, entry.route, entry.provider, entry.upstreamModel,
                    entry.inputTokens, entry.outputTokens, entry.cachedTokens, entry.images, entry.videoSeconds, entry.costUSD, entry.priced,
                    entry.latencyMs, entry.firstByteMs, entry.status, entry.attempts,
                ])
                for scope in entry.spendScopes where entry.costUSD != 0 { try spend.execute(arguments: [scope, entry.day, entry.costUSD]) }
                try release.execute(arguments: [entry.id])
            }
        }
    }

    func reserve(id: String, estimate: Double, bounds: [BudgetBound], now: Double, lapseSeconds: Double) async throws -> BudgetVerdict {
        guard !bounds.isEmpty else { return .admitted }
        let verdict = Mutex(BudgetVerdict.admitted)
        // One writer: the check and the reservation cannot interleave with another request's.
        try await database.commits.commit { db in
            for bound in bounds {
                let spent = try Double.fetchOne(db.cachedStatement(sql: """
                    SELECT (SELECT COALESCE(SUM(usd), 0) FROM spend_daily WHERE scope = ?1 AND day >= ?2)
                         + (SELECT COALESCE(SUM(usd), 0) FROM budget_reservations WHERE scope = ?1 AND lapses_at > ?3)
                    """), arguments: [bound.scope.column, bound.budget.period.startDay(at: now), now]) ?? 0
                if bound.isSpent(by: spent) {
                    verdict.withLock { $0 = .exceeded(bound, spent: spent) }
                    return
                }
            }
            for bound in bounds {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO budget_reservations (id, scope, usd, lapses_at) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [id, bound.scope.column, estimate, now + lapseSeconds])
            }
        }
        return verdict.withLock { $0 }
    }

    func dailySpend() async throws -> [DailySpend] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT scope, day, usd FROM spend_daily").map { DailySpend(scope: $0[0], day: $0[1], usd: $0[2]) }
        }
    }

    func release(id: String) async throws {
        try await database.commits.commit { db in
            try db.cachedStatement(sql: "DELETE FROM budget_reservations WHERE id = ?").execute(arguments: [id])
        }
    }

    func spend(_ scope: SpendScope, sinceDay: Int) async throws -> Double {
        try await database.writer.read { db in
            try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(usd), 0) FROM spend_daily WHERE scope = ? AND day >= ?", arguments: [scope.column, sinceDay]) ?? 0
        }
    }

    func summary(from: Double, to: Double, groupBy: UsageGrouping, keyID: String?) async throws -> [UsageGroup] {
        let tagJoin = groupBy == .tag ? ", json_each(u.tags) t" : ""
        return try await database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(groupBy.sqliteExpression) AS name, count(*) AS requests, SUM(u.status >= 400) AS errors, SUM(u.input_tokens) AS input_tokens,
                       SUM(u.output_tokens) AS output_tokens, SUM(u.images) AS images, SUM(u.video_seconds) AS video_seconds, SUM(u.cost_usd) AS cost
                FROM usage u\(tagJoin)
                WHERE u.created_at >= ? AND u.created_at < ? AND (? IS NULL OR u.key_id = ?)
                GROUP BY name ORDER BY name
                """, arguments: [from, to, keyID, keyID]).map { row in
                UsageGroup(group: row["name"], requests: row["requests"], errors: row["errors"], inputTokens: row["input_tokens"],
                           outputTokens: row["output_tokens"], images: row["images"], videoSeconds: row["video_seconds"], costUSD: row["cost"])
            }
        }
    }
}
