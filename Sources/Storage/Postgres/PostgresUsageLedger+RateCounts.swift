import PostgresNIO

extension PostgresUsageLedger {
    func addRateCounts(_ counts: [RateCount], totalsOf windows: [RateCount], now: Double) async throws -> [RateCount] {
        // Sorted, so two replicas adding to the same rows take their locks in one order and cannot deadlock.
        let sorted = counts.sorted { ($0.scope, $0.span) < ($1.scope, $1.span) }
        let (scopes, spans) = (Array(Set(windows.map(\.scope))), Array(Set(windows.map(\.span))))
        let rows = try await database.transaction { connection in
            for count in sorted {
                try await connection.query("""
                    INSERT INTO rate_counts (scope, span, requests, tokens, ends_at) VALUES (\(count.scope), \(count.span), \(count.requests), \(count.tokens), \(count.endsAt))
                    ON CONFLICT (scope, span) DO UPDATE SET requests = rate_counts.requests + excluded.requests, tokens = rate_counts.tokens + excluded.tokens
                    """, logger: database.logger)
            }
            try await connection.query("DELETE FROM rate_counts WHERE ends_at < \(now - 86_400)", logger: database.logger)
            var found: [String: (Int, Int)] = [:]
            let result = try await connection.query(
                "SELECT scope, span, requests, tokens FROM rate_counts WHERE scope = ANY(\(scopes)) AND span = ANY(\(spans))", logger: database.logger)
            for try await (scope, span, requests, tokens) in result.decode((String, String, Int, Int).self) { found["\(scope) \(span)"] = (requests, tokens) }
            return found
        }
        return windows.compactMap { window in
            rows["\(window.scope) \(window.span)"].map { RateCount(scope: window.scope, span: window.span, requests: $0.0, tokens: $0.1, endsAt: window.endsAt) }
        }
    }
}
