import GRDB

/// Every table of the SQLite backend and its migrations, in one place. The identifiers are those of the
/// releases before the storage seam, so an existing `prism.sqlite` opens unchanged. `PostgresSchema`
/// holds the same tables in PostgreSQL's dialect.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("proxy.v1.responses") { db in
            try db.execute(sql: """
                CREATE TABLE responses (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL,
                    previous_response_id TEXT,
                    root_id TEXT NOT NULL,
                    depth INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    preview TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    object TEXT NOT NULL
                );
                CREATE INDEX responses_by_principal ON responses(principal, seq);
                CREATE INDEX responses_by_previous ON responses(previous_response_id);
                CREATE TABLE response_input_items (
                    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    item_id TEXT NOT NULL,
                    item TEXT NOT NULL,
                    PRIMARY KEY (response_id, position)
                );
                """)
        }
        migrator.registerMigration("proxy.v1.chat_completions") { db in
            try db.execute(sql: """
                CREATE TABLE chat_completions (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    model TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    completion TEXT NOT NULL,
                    messages TEXT NOT NULL
                );
                CREATE INDEX chat_completions_by_principal ON chat_completions(principal, seq);
                """)
        }
        migrator.registerMigration("media.v1") { db in
            try db.execute(sql: """
                CREATE TABLE media (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    job_id TEXT,
                    kind TEXT NOT NULL,
                    mime_type TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    width INTEGER,
                    height INTEGER,
                    duration REAL,
                    prompt TEXT NOT NULL,
                    model TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX media_by_principal ON media(principal, seq);
                CREATE INDEX media_by_sha256 ON media(sha256);
                """)
        }
        migrator.registerMigration("media.v1.jobs") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL,
                    provider_task_id TEXT,
                    progress REAL,
                    message TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    media_ids TEXT NOT NULL,
                    error_code TEXT,
                    error_message TEXT
                );
                CREATE INDEX jobs_by_principal ON jobs(principal, seq);
                CREATE INDEX jobs_by_model ON jobs(model, status);
                """)
        }
        // What a restart needs to resume a job and complete the response waiting for it.
        migrator.registerMigration("media.v2.jobs.resume") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN provider_poll_url TEXT;
                ALTER TABLE jobs ADD COLUMN request TEXT;
                ALTER TABLE jobs ADD COLUMN response_id TEXT;
                """)
        }
        // Replicas lease the jobs they follow (SPEC §17); one process on SQLite holds them all.
        migrator.registerMigration("media.v3.jobs.lease") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
                ALTER TABLE jobs ADD COLUMN lease_until REAL;
                """)
        }
        // Stop, then Regenerate: an identical request attaches to a job whose result nobody received (SPEC §5).
        migrator.registerMigration("media.v4.jobs.delivery") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN fingerprint TEXT;
                ALTER TABLE jobs ADD COLUMN delivered_at REAL;
                CREATE INDEX jobs_by_fingerprint ON jobs(principal, fingerprint) WHERE fingerprint IS NOT NULL;
                """)
        }
        // One row per response (issue #17): its input items inline as one JSON array, and `seq` a plain rowid
        // without AUTOINCREMENT. A stored answer then writes one row and its indexes instead of a row per item
        // with its own key, plus the AUTOINCREMENT counter's page: half the pages per commit.
        migrator.registerMigration("prism.v3.responses.one_row") { db in
            try db.execute(sql: """
                CREATE TABLE responses_one_row (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    principal TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL,
                    previous_response_id TEXT,
                    root_id TEXT NOT NULL,
                    depth INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    preview TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    object TEXT NOT NULL,
                    input_items TEXT NOT NULL DEFAULT '[]'
                );
                INSERT INTO responses_one_row
                SELECT r.seq, r.id, r.principal, r.model, r.status, r.previous_response_id, r.root_id, r.depth, r.title, r.preview,
                       r.created_at, r.object,
                       COALESCE((SELECT json_group_array(json(i.item))
                                 FROM (SELECT item FROM response_input_items WHERE response_id = r.id ORDER BY position) i), '[]')
                FROM responses r ORDER BY r.seq;
                DROP TABLE response_input_items;
                DROP TABLE responses;
                ALTER TABLE responses_one_row RENAME TO responses;
                CREATE INDEX responses_by_principal ON responses(principal, seq);
                CREATE INDEX responses_by_previous ON responses(previous_response_id);
                """)
        }
        // Managed keys and teams (SPEC §13): rules, tags and metadata as one JSON text; `access_version` is
        // bumped by every change so caches of keys know to drop what they hold.
        migrator.registerMigration("prism.v4.keys") { db in
            try db.execute(sql: """
                CREATE TABLE teams (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE api_keys (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    team_id TEXT,
                    secret_hash TEXT NOT NULL UNIQUE,
                    secret_hint TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    expires_at INTEGER,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX api_keys_by_team ON api_keys(team_id, seq);
                CREATE TABLE access_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                INSERT INTO access_version (id, version) VALUES (1, 0);
                """)
        }
        // The usage ledger (SPEC §13) and the daily spend totals budgets read in one lookup per day.
        migrator.registerMigration("prism.v5.usage") { db in
            try db.execute(sql: """
                CREATE TABLE usage (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    key_id TEXT,
                    team_id TEXT,
                    principal TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    model TEXT NOT NULL,
                    route TEXT,
                    provider TEXT,
                    upstream_model TEXT,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cached_tokens INTEGER NOT NULL,
                    images INTEGER NOT NULL,
                    video_seconds REAL NOT NULL,
                    cost_usd REAL NOT NULL,
                    priced INTEGER NOT NULL,
                    latency_ms REAL NOT NULL,
                    first_byte_ms REAL,
                    status INTEGER NOT NULL,
                    attempts INTEGER NOT NULL
                );
                CREATE INDEX usage_by_time ON usage(created_at);
                CREATE INDEX usage_by_key ON usage(key_id, created_at);
                CREATE TABLE spend_daily (scope TEXT NOT NULL, day INTEGER NOT NULL, usd REAL NOT NULL, PRIMARY KEY (scope, day)) WITHOUT ROWID;
                """)
        }
        // Budget reservations: the estimates of running requests, dropped when their ledger rows are written.
        migrator.registerMigration("prism.v6.budgets") { db in
            try db.execute(sql: """
                CREATE TABLE budget_reservations (id TEXT NOT NULL, scope TEXT NOT NULL, usd REAL NOT NULL, lapses_at REAL NOT NULL, PRIMARY KEY (id, scope));
                CREATE INDEX budget_reservations_by_scope ON budget_reservations(scope, lapses_at);
                """)
        }
        registerRequestLog(&migrator)
        // Webhooks (SPEC §15): events and one delivery per receiver, leased by the dispatcher.
        migrator.registerMigration("prism.v8.webhooks") { db in
            try db.execute(sql: WebhookSchema.sqlite)
        }
        // Background responses' events (SPEC §15), one row each, for resumable streams.
        migrator.registerMigration("prism.v8.events") { db in
            try db.execute(sql: EventSchema.sqlite)
        }
        migrator.registerMigration("prism.v9.rate_counts") { db in
            try db.execute(sql: """
                CREATE TABLE rate_counts (scope TEXT NOT NULL, span TEXT NOT NULL, requests INTEGER NOT NULL, tokens INTEGER NOT NULL,
                    ends_at REAL NOT NULL, PRIMARY KEY (scope, span)) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
