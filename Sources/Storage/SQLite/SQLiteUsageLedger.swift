import GRDB
import PrismShared

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
            }
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
