import GRDB

/// The request log in SQLite. `record` joins the group commit (one transaction for a writer's batch); lists
/// read newest first by `seq`, the strict insertion order.
struct SQLiteRequestLog: RequestLog {
    let database: SQLiteDatabase
    static let columns = """
        id, created_at, surface, key_id, principal, model, route, provider, upstream_model, status, error_code, latency_ms, ttfb_ms,
        input_tokens, output_tokens, cost_usd, attempts, request_body, response_body
        """

    func record(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let rows = entries.map { ($0, RequestAttempt.serialized($0.attempts)) }
        try await database.commits.commit { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO request_log (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for (entry, attempts) in rows {
                try insert.execute(arguments: [
                    entry.id, entry.time, entry.surface, entry.keyID, entry.principal, entry.model, entry.route, entry.provider, entry.upstreamModel,
                    entry.status, entry.errorCode, entry.latencyMs, entry.ttfbMs, entry.inputTokens, entry.outputTokens, entry.costUSD, attempts,
                    entry.requestBody, entry.responseBody,
                ])
            }
        }
    }

    func list(_ filter: RequestLogFilter, limit: Int, after: String?) async throws -> Page<RequestLogEntry> {
        try await database.writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let after {
                guard let seq = try Int.fetchOne(db, sql: "SELECT max(seq) FROM request_log WHERE id = ?", arguments: [after]) else {
                    throw StoreError.unknownCursor(after)
                }
                conditions.append("seq < ?")
                _ = arguments.append(contentsOf: [seq])
            }
            func narrow(_ column: String, _ value: (any DatabaseValueConvertible)?) {
                guard let value else { return }
                conditions.append("\(column) = ?")
                _ = arguments.append(contentsOf: [value])
            }
            narrow("model", filter.model)
            narrow("provider", filter.provider)
            narrow("status", filter.status)
            narrow("key_id", filter.keyID)
            if let since = filter.since {
                conditions.append("created_at >= ?")
                _ = arguments.append(contentsOf: [since])
            }
            let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM request_log \(condition) ORDER BY seq DESC LIMIT ?",
                                        arguments: arguments + [limit + 1]).map(Self.entry)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    func entry(id: String) async throws -> RequestLogEntry? {
        try await database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM request_log WHERE id = ? ORDER BY seq DESC LIMIT 1", arguments: [id]).map(Self.entry)
        }
    }

    func purge(before: Double) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM request_log WHERE created_at < ?", arguments: [before])
            return db.changesCount
        }
    }

    private static func entry(_ row: Row) -> RequestLogEntry {
        RequestLogEntry(
            id: row["id"], time: row["created_at"], surface: row["surface"], keyID: row["key_id"], principal: row["principal"], model: row["model"],
            route: row["route"], provider: row["provider"], upstreamModel: row["upstream_model"], status: row["status"], errorCode: row["error_code"],
            latencyMs: row["latency_ms"], ttfbMs: row["ttfb_ms"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
            costUSD: row["cost_usd"], attempts: RequestAttempt.parse(row["attempts"]), requestBody: row["request_body"], responseBody: row["response_body"])
    }
}
