import Logging

extension Stores {
    /// Every store in the PostgreSQL database of `url` (SPEC §17), checked and migrated, together with the
    /// database, whose pool runs until its owner calls `shutdown()` (or `close()`). `poolSize` is
    /// `DATABASE_POOL_SIZE`; `logger` gets the pool's background events and every database failure.
    ///
    /// Throws `StoreError.unavailable` with one sentence naming the server when the URL is malformed, the
    /// server is down or older than PostgreSQL 14, or a migration fails.
    public static func postgres(url: String, poolSize: Int = 8, logger: Logger? = nil) async throws -> (Stores, PostgresDatabase) {
        let database = try await PostgresDatabase.open(
            url: url, poolSize: poolSize, logger: logger ?? Logger(label: "prism.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        return (postgres(database), database)
    }

    /// The stores of a database that is open already.
    public static func postgres(_ database: PostgresDatabase) -> Stores {
        Stores(
            responses: PostgresResponseStore(database: database), completions: PostgresChatCompletionStore(database: database),
            jobs: PostgresJobStore(database: database), media: PostgresMediaIndex(database: database),
            maintenance: PostgresMaintenance(database: database), keys: PostgresKeyStore(database: database),
            usage: PostgresUsageLedger(database: database), requestLog: PostgresRequestLog(database: database),
            webhooks: PostgresWebhookOutbox(database: database), events: PostgresEventLog(database: database), close: database.shutdown)
    }
}
