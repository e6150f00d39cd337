/// The event log's table in both dialects (SPEC §15): one row per event of a background response, keyed by
/// stream and sequence number. Registered as `prism.v8.events` (SQLite) and `prism.v7.events` (PostgreSQL).
enum EventSchema {
    static let sqlite = """
        CREATE TABLE response_events (
            stream_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            final INTEGER NOT NULL,
            PRIMARY KEY (stream_id, seq)
        ) WITHOUT ROWID;
        """

    static let postgres = [
        """
        CREATE TABLE response_events (
            stream_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            final BOOLEAN NOT NULL,
            PRIMARY KEY (stream_id, seq)
        )
        """,
    ]
}
