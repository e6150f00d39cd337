/// The tables of `SQLiteSchema` in PostgreSQL's dialect, as migrations applied in order at start-up under an
/// advisory lock (`PostgresMigrator`), each in its own transaction with its id recorded in `prism_migrations`.
/// `seq` is the strict insertion order every list sorts by, as on SQLite; JSON is kept as text, as there.
/// A migration, once released, is never edited: a change is a new entry at the end.
enum PostgresSchema {
    /// Held while migrating, so replicas that start together migrate one after the other: the bytes of
    /// "prism" followed by a zero, a constant no other application is likely to pick.
    static let advisoryLock: Int64 = 0x7072_6973_6d00

    /// Which migrations a database has had.
    static let migrationsTable = "CREATE TABLE IF NOT EXISTS prism_migrations (id TEXT PRIMARY KEY)"

    /// Every migration, oldest first: an id and its statements (one per entry: the extended query protocol
    /// runs one statement at a time).
    static let migrations: [(id: String, sql: [String])] = [
        ("prism.v1", [
            """
            CREATE TABLE responses (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                principal TEXT NOT NULL,
                model TEXT NOT NULL,
                status TEXT NOT NULL,
                previous_response_id TEXT,
                root_id TEXT NOT NULL,
                depth INTEGER NOT NULL,
                title TEXT NOT NULL,
                preview TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                object TEXT NOT NULL
            )
            """,
            "CREATE INDEX responses_by_principal ON responses(principal, seq)",
            "CREATE INDEX responses_by_previous ON responses(previous_response_id)",
            """
            CREATE TABLE response_input_items (
                response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                item_id TEXT NOT NULL,
                item TEXT NOT NULL,
                PRIMARY KEY (response_id, position)
            )
            """,
            """
            CREATE TABLE chat_completions (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                principal TEXT NOT NULL,
                model TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                completion TEXT NOT NULL,
                messages TEXT NOT NULL
            )
            """,
            "CREATE INDEX chat_completions_by_principal ON chat_completions(principal, seq)",
            """
            CREATE TABLE media (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                principal TEXT NOT NULL,
                job_id TEXT,
                kind TEXT NOT NULL,
                mime_type TEXT NOT NULL,
                bytes BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                width INTEGER,
                height INTEGER,
                duration DOUBLE PRECISION,
                prompt TEXT NOT NULL,
                model TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX media_by_principal ON media(principal, seq)",
            "CREATE INDEX media_by_sha256 ON media(sha256)",
            """
            CREATE TABLE jobs (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                principal TEXT NOT NULL,
                model TEXT NOT NULL,
                status TEXT NOT NULL,
                provider_task_id TEXT,
                provider_poll_url TEXT,
                progress DOUBLE PRECISION,
                message TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                started_at DOUBLE PRECISION,
                finished_at DOUBLE PRECISION,
                media_ids TEXT NOT NULL,
                error_code TEXT,
                error_message TEXT,
                request TEXT,
                response_id TEXT,
                lease_owner TEXT,
                lease_until DOUBLE PRECISION
            )
            """,
            "CREATE INDEX jobs_by_principal ON jobs(principal, seq)",
            "CREATE INDEX jobs_by_model ON jobs(model, status)",
            "CREATE INDEX jobs_unfinished ON jobs(lease_until) WHERE status IN ('queued', 'running')",
            "CREATE TABLE prism_secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
        ]),
        ("prism.v2.jobs.delivery", [
            "ALTER TABLE jobs ADD COLUMN fingerprint TEXT",
            "ALTER TABLE jobs ADD COLUMN delivered_at DOUBLE PRECISION",
            "CREATE INDEX jobs_by_fingerprint ON jobs(principal, fingerprint) WHERE fingerprint IS NOT NULL",
        ]),
        ("prism.v3.keys", [
            """
            CREATE TABLE teams (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                settings TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE api_keys (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                team_id TEXT,
                secret_hash TEXT NOT NULL UNIQUE,
                secret_hint TEXT NOT NULL,
                settings TEXT NOT NULL,
                expires_at BIGINT,
                disabled BOOLEAN NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX api_keys_by_team ON api_keys(team_id, seq)",
            "CREATE TABLE access_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
            "INSERT INTO access_version (id, version) VALUES (1, 0)",
        ]),
        ("prism.v4.usage", [
            """
            CREATE TABLE usage (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                created_at DOUBLE PRECISION NOT NULL,
                key_id TEXT,
                team_id TEXT,
                principal TEXT NOT NULL,
                tags TEXT NOT NULL,
                model TEXT NOT NULL,
                route TEXT,
                provider TEXT,
                upstream_model TEXT,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cached_tokens BIGINT NOT NULL,
                images BIGINT NOT NULL,
                video_seconds DOUBLE PRECISION NOT NULL,
                cost_usd DOUBLE PRECISION NOT NULL,
                priced BOOLEAN NOT NULL,
                latency_ms DOUBLE PRECISION NOT NULL,
                first_byte_ms DOUBLE PRECISION,
                status INTEGER NOT NULL,
                attempts INTEGER NOT NULL
            )
            """,
            "CREATE INDEX usage_by_time ON usage(created_at)",
            "CREATE INDEX usage_by_key ON usage(key_id, created_at)",
            "CREATE TABLE spend_daily (scope TEXT NOT NULL, day BIGINT NOT NULL, usd DOUBLE PRECISION NOT NULL, PRIMARY KEY (scope, day))",
        ]),
        ("prism.v5.budgets", [
            """
            CREATE TABLE budget_reservations (
                id TEXT NOT NULL, scope TEXT NOT NULL, usd DOUBLE PRECISION NOT NULL, lapses_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (id, scope)
            )
            """,
            "CREATE INDEX budget_reservations_by_scope ON budget_reservations(scope, lapses_at)",
        ]),
        requestLogMigration,
        // Listed in id order: the migration check compares the applied ids, sorted, with this list.
        ("prism.v7.events", EventSchema.postgres),
        ("prism.v7.webhooks", WebhookSchema.postgres),
        ("prism.v8.rate_counts", [
            """
            CREATE TABLE rate_counts (
                scope TEXT NOT NULL, span TEXT NOT NULL, requests BIGINT NOT NULL, tokens BIGINT NOT NULL, ends_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (scope, span)
            )
            """,
        ]),
        // Budget admission in one round trip (SPEC §13): the scopes' locks in a fixed order, each bound's
        // spend plus reservations, and the reservation — or the first spent bound (0-based) and its spend.
        ("prism.v9.reserve_function", [
            """
            CREATE FUNCTION prism_reserve(
                p_id TEXT, p_scopes TEXT[], p_start_days BIGINT[], p_budgets DOUBLE PRECISION[], p_estimate DOUBLE PRECISION,
                p_now DOUBLE PRECISION, p_lapses_at DOUBLE PRECISION
            ) RETURNS TABLE (bound INT, spent DOUBLE PRECISION) LANGUAGE plpgsql AS $$
            DECLARE
                locked TEXT;
                total DOUBLE PRECISION;
            BEGIN
                FOR locked IN SELECT DISTINCT unnest(p_scopes) ORDER BY 1 LOOP
                    PERFORM pg_advisory_xact_lock(hashtextextended(locked, 0));
                END LOOP;
                FOR i IN 1 .. array_length(p_scopes, 1) LOOP
                    total := (SELECT COALESCE(SUM(usd), 0) FROM spend_daily WHERE scope = p_scopes[i] AND day >= p_start_days[i])
                           + (SELECT COALESCE(SUM(usd), 0) FROM budget_reservations WHERE scope = p_scopes[i] AND lapses_at > p_now);
                    IF total >= p_budgets[i] - 1e-9 THEN
                        bound := i - 1;
                        spent := total;
                        RETURN NEXT;
                        RETURN;
                    END IF;
                END LOOP;
                INSERT INTO budget_reservations (id, scope, usd, lapses_at) SELECT p_id, s, p_estimate, p_lapses_at FROM unnest(p_scopes) AS s
                ON CONFLICT (id, scope) DO UPDATE SET usd = excluded.usd, lapses_at = excluded.lapses_at;
            END
            $$
            """,
        ]),
    ]
}
