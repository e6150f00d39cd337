/// The webhook outbox's tables in both dialects (SPEC §15), kept apart from the long migration lists so that
/// the tables of one concern read together. Registered as `prism.v8.webhooks` (SQLite) and
/// `prism.v7.webhooks` (PostgreSQL).
enum WebhookSchema {
    /// `webhook_events` keeps each event's body once; `webhook_deliveries` one row per receiver, with its
    /// attempts as a JSON list, its due time and its lease.
    static let sqlite = """
        CREATE TABLE webhook_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            principal TEXT,
            created_at REAL NOT NULL,
            body TEXT NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            url TEXT NOT NULL,
            guarded INTEGER NOT NULL,
            status TEXT NOT NULL,
            next_attempt_at REAL,
            attempts TEXT NOT NULL,
            lease_owner TEXT,
            lease_until REAL,
            created_at REAL NOT NULL
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
        """

    static let postgres = [
        """
        CREATE TABLE webhook_events (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            principal TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            body TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_deliveries (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            url TEXT NOT NULL,
            guarded BOOLEAN NOT NULL,
            status TEXT NOT NULL,
            next_attempt_at DOUBLE PRECISION,
            attempts TEXT NOT NULL,
            lease_owner TEXT,
            lease_until DOUBLE PRECISION,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at)",
    ]
}
