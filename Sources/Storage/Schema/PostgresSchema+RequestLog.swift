extension PostgresSchema {
    /// The request log of `SQLiteSchema.registerRequestLog` in PostgreSQL's dialect.
    static let requestLogMigration: (id: String, sql: [String]) = ("prism.v6.request_log", [
        """
        CREATE TABLE request_log (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            surface TEXT NOT NULL,
            key_id TEXT,
            principal TEXT NOT NULL,
            model TEXT,
            route TEXT,
            provider TEXT,
            upstream_model TEXT,
            status INTEGER NOT NULL,
            error_code TEXT,
            latency_ms DOUBLE PRECISION NOT NULL,
            ttfb_ms DOUBLE PRECISION,
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cost_usd DOUBLE PRECISION NOT NULL,
            attempts TEXT NOT NULL,
            request_body TEXT,
            response_body TEXT
        )
        """,
        "CREATE UNIQUE INDEX request_log_by_id ON request_log(id, created_at)",
        "CREATE INDEX request_log_by_time ON request_log(created_at)",
    ])
}
