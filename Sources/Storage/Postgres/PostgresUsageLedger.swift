import PostgresNIO
import PrismShared

/// The usage ledger in PostgreSQL: a batch is one multi-row insert and one upsert of the daily totals, in
/// one transaction, so a replica reading spend sees a request's row and its cost together.
struct PostgresUsageLedger: UsageLedger {
    let database: PostgresDatabase

    func record(_ entries: [UsageEntry]) async throws {
        guard !entries.isEmpty else { return }
        var insert = PostgresMultiRowInsert(table: "usage", columns: """
            id, created_at, key_id, team_id, principal, tags, model, route, provider, upstream_model, input_tokens, output_tokens,
            cached_tokens, images, video_seconds, cost_usd, priced, latency_ms, first_byte_ms, status, attempts
            """)
        var totals: [String: [Int: Double]] = [:]
        for entry in entries {
            insert.row { bindings in
                bindings.append(entry.id)
                bindings.append(entry.time)
                bindings.append(entry.keyID)
                bindings.append(entry.teamID)
                bindings.append(entry.principal)
                bindings.append(JSONValue.array(entry.tags.map { .string($0) }).serialized())
                bindings.append(entry.model)
                bindings.append(entry.route)
                bindings.append(entry.provider)
                bindings.append(entry.upstreamModel)
                bindings.append(entry.inputTokens)
                bindings.append(entry.outputTokens)
                bindings.append(entry.cachedTokens)
                bindings.append(entry.images)
                bindings.append(entry.videoSeconds)
                bindings.append(entry.costUSD)
                bindings.append(entry.priced)
                bindings.append(entry.latencyMs)
                bindings.append(entry.firstByteMs)
                bindings.append(entry.status)
                bindings.append(entry.attempts)
            }
            for scope in entry.spendScopes where entry.costUSD != 0 { totals[scope, default: [:]][entry.day, default: 0] += entry.costUSD }
        }
        let queries = insert.queries
        let flat = totals.flatMap { scope, days in days.map { (scope, $0.key, $0.value) } }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let ids = entries.map(\.id)
        try await database.transaction { connection in
            for query in queries { try await connection.run(query, logger: database.logger) }
            try await connection.query("DELETE FROM budget_reservations WHERE id = ANY(\(ids))", logger: database.logger)
            // Sorted, so two replicas' batches take the rows' locks in the same order and cannot deadlock.
            for (scope, day, usd) in flat {
                try await connection.query("""
                    INSERT INTO spend_daily (scope, day, usd) VALUES (\(scope), \(day), \(usd))
                    ON CONFLICT (scope, day) DO UPDATE SET usd = spend_daily.usd + excluded.usd
                    """, logger: database.logger)
            }
        }
    }

    func reserve(id: String, estimate: Double, bounds: [BudgetBound], now: Double, lapseSeconds: Double) async throws -> BudgetVerdict {
        guard !bounds.isEmpty else { return .admitted }
        // One statement, one round trip: `prism_reserve` takes the scopes' locks in a fixed order, held to its
        // commit, and reads spend and reservations in one query each, so admissions of one scope take turns
        // and a ledger write landing in between cannot make a request vanish from both.
        let (scopes, starts, budgets) = (bounds.map(\.scope.column), bounds.map { $0.budget.period.startDay(at: now) }, bounds.map(\.budget.usd))
        let spent = try await database.run { client in
            try await client.query(
                "SELECT bound, spent FROM prism_reserve(\(id), \(scopes), \(starts), \(budgets), \(estimate), \(now), \(now + lapseSeconds))",
                logger: database.logger
            ).collect().first.map { try $0.decode((Int, Double).self) }
        }
        guard let (index, total) = spent, bounds.indices.contains(index) else { return .admitted }
        return .exceeded(bounds[index], spent: total)
    }

    func dailySpend() async throws -> [DailySpend] {
        try await database.run { client in
            var rows: [DailySpend] = []
            for try await (scope, day, usd) in try await client.query("SELECT scope, day, usd FROM spend_daily", logger: database.logger)
                .decode((String, Int, Double).self) { rows.append(DailySpend(scope: scope, day: day, usd: usd)) }
            return rows
        }
    }

    func release(id: String) async throws {
        try await database.run { client in
            try await client.query("DELETE FROM budget_reservations WHERE id = \(id)", logger: database.logger)
        }
    }

    func spend(_ scope: SpendScope, sinceDay: Int) async throws -> Double {
        try await database.run { client in
            try await client.query("SELECT COALESCE(SUM(usd), 0)::double precision FROM spend_daily WHERE scope = \(scope.column) AND day >= \(sinceDay)",
                                   logger: database.logger).collect().first?.decode(Double.self) ?? 0
        }
    }

    func spends(_ asked: [SpendQuery]) async throws -> [Double] {
        guard !asked.isEmpty else { return [] }
        let (scopes, days) = (asked.map(\.scope.column), asked.map(\.sinceDay))
        return try await database.run { client in
            try await client.query("""
                SELECT (SELECT COALESCE(SUM(d.usd), 0)::double precision FROM spend_daily d WHERE d.scope = a.scope AND d.day >= a.since)
                FROM unnest(\(scopes)::text[], \(days)::int[]) WITH ORDINALITY AS a(scope, since, position) ORDER BY a.position
                """, logger: database.logger).collect().map { try $0.decode(Double.self) }
        }
    }

    func summary(from: Double, to: Double, groupBy: UsageGrouping, keyID: String?) async throws -> [UsageGroup] {
        let tagJoin = groupBy == .tag ? " CROSS JOIN LATERAL jsonb_array_elements_text(u.tags::jsonb) AS t(value)" : ""
        return try await database.run { client in
            try await client.query("""
                SELECT * FROM (
                SELECT \(unescaped: groupBy.postgresExpression) AS name, count(*)::bigint, COUNT(*) FILTER (WHERE u.status >= 400)::bigint,
                       COALESCE(SUM(u.input_tokens), 0)::bigint, COALESCE(SUM(u.output_tokens), 0)::bigint, COALESCE(SUM(u.images), 0)::bigint,
                       COALESCE(SUM(u.video_seconds), 0)::double precision, COALESCE(SUM(u.cost_usd), 0)::double precision
                FROM usage u\(unescaped: tagJoin)
                WHERE u.created_at >= \(from) AND u.created_at < \(to) AND (\(keyID)::text IS NULL OR u.key_id = \(keyID))
                GROUP BY name) AS groups ORDER BY name COLLATE "C"
                """, logger: database.logger).collect().map { row in
                let (name, requests, errors, input, output, images, seconds, cost) = try row.decode((String, Int, Int, Int, Int, Int, Double, Double).self)
                return UsageGroup(group: name, requests: requests, errors: errors, inputTokens: input, outputTokens: output, images: images,
                                  videoSeconds: seconds, costUSD: cost)
            }
        }
    }
}
