import PostgresNIO

/// The request log in PostgreSQL: a batch is one multi-row insert; lists read newest first by `seq`.
struct PostgresRequestLog: RequestLog {
    let database: PostgresDatabase

    func record(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        var insert = PostgresMultiRowInsert(table: "request_log", columns: SQLiteRequestLog.columns, suffix: "ON CONFLICT DO NOTHING")
        for entry in entries {
            insert.row { bindings in
                bindings.append(entry.id)
                bindings.append(entry.time)
                bindings.append(entry.surface)
                bindings.append(entry.keyID)
                bindings.append(entry.principal)
                bindings.append(entry.model)
                bindings.append(entry.route)
                bindings.append(entry.provider)
                bindings.append(entry.upstreamModel)
                bindings.append(entry.status)
                bindings.append(entry.errorCode)
                bindings.append(entry.latencyMs)
                bindings.append(entry.ttfbMs)
                bindings.append(entry.inputTokens)
                bindings.append(entry.outputTokens)
                bindings.append(entry.costUSD)
                bindings.append(RequestAttempt.serialized(entry.attempts))
                bindings.append(entry.requestBody)
                bindings.append(entry.responseBody)
            }
        }
        let queries = insert.queries
        // Without a transaction: a batch cut half-way is written again whole, and ON CONFLICT skips what was.
        try await database.run { client in
            for query in queries { try await client.run(query, logger: database.logger) }
        }
    }

    func list(_ filter: RequestLogFilter, limit: Int, after: String?) async throws -> Page<RequestLogEntry> {
        try await database.run { client in
            var cursor: Int?
            if let after {
                cursor = try await client.query("SELECT max(seq) FROM request_log WHERE id = \(after)", logger: database.logger).collect().first?.decode(Int?.self)
                guard cursor != nil else { throw StoreError.unknownCursor(after) }
            }
            let rows = try await client.query("""
                SELECT \(unescaped: SQLiteRequestLog.columns) FROM request_log
                WHERE (\(cursor)::bigint IS NULL OR seq < \(cursor)) AND (\(filter.model)::text IS NULL OR model = \(filter.model))
                AND (\(filter.provider)::text IS NULL OR provider = \(filter.provider)) AND (\(filter.status)::integer IS NULL OR status = \(filter.status))
                AND (\(filter.keyID)::text IS NULL OR key_id = \(filter.keyID)) AND (\(filter.since)::double precision IS NULL OR created_at >= \(filter.since))
                ORDER BY seq DESC LIMIT \(limit + 1)
                """, logger: database.logger).collect().map(Self.entry)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    func entry(id: String) async throws -> RequestLogEntry? {
        try await database.run { client in
            try await client.query("SELECT \(unescaped: SQLiteRequestLog.columns) FROM request_log WHERE id = \(id) ORDER BY seq DESC LIMIT 1",
                                   logger: database.logger).collect().first.map(Self.entry)
        }
    }

    func purge(before: Double) async throws -> Int {
        try await database.run { client in
            try await client.query("WITH gone AS (DELETE FROM request_log WHERE created_at < \(before) RETURNING 1) SELECT count(*) FROM gone",
                                   logger: database.logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    private static func entry(_ row: PostgresRow) throws -> RequestLogEntry {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try cells[name].decode(T.self) }
        return RequestLogEntry(
            id: try value("id"), time: try value("created_at"), surface: try value("surface"), keyID: try value("key_id"), principal: try value("principal"),
            model: try value("model"), route: try value("route"), provider: try value("provider"), upstreamModel: try value("upstream_model"),
            status: try value("status"), errorCode: try value("error_code"), latencyMs: try value("latency_ms"), ttfbMs: try value("ttfb_ms"),
            inputTokens: try value("input_tokens"), outputTokens: try value("output_tokens"), costUSD: try value("cost_usd"),
            attempts: RequestAttempt.parse(try value("attempts", String.self)), requestBody: try value("request_body"),
            responseBody: try value("response_body"))
    }
}
