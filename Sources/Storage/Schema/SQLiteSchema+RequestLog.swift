import GRDB

extension SQLiteSchema {
    /// The request log (SPEC §14): one row per request, its attempts one JSON text, bodies only with `LOG_BODIES`.
    /// `seq` is a plain rowid: the list's order and its cursor.
    static func registerRequestLog(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("prism.v7.request_log") { db in
            try db.execute(sql: """
                CREATE TABLE request_log (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    surface TEXT NOT NULL,
                    key_id TEXT,
                    principal TEXT NOT NULL,
                    model TEXT,
                    route TEXT,
                    provider TEXT,
                    upstream_model TEXT,
                    status INTEGER NOT NULL,
                    error_code TEXT,
                    latency_ms REAL NOT NULL,
                    ttfb_ms REAL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cost_usd REAL NOT NULL,
                    attempts TEXT NOT NULL,
                    request_body TEXT,
                    response_body TEXT
                );
                CREATE UNIQUE INDEX request_log_by_id ON request_log(id, created_at);
                CREATE INDEX request_log_by_time ON request_log(created_at);
                """)
        }
    }
}
