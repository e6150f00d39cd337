import Logging

extension Stores {
    /// Every store in the PostgreSQL database of `url` (SPEC §17), migrated, with the database itself for
    /// its owner to shut down. The pool runs in a task of the database's own.
    public static func postgres(url: String, poolSize: Int, logger: Logger) async throws -> (Stores, PostgresDatabase) {
        let database = try PostgresDatabase(url: url, poolSize: poolSize, logger: logger)
        do {
            try await database.migrate()
        } catch {
            database.shutdown()
            throw error
        }
        let stores = Stores(
            responses: PostgresResponseStore(database: database), completions: PostgresChatCompletionStore(database: database),
            jobs: PostgresJobStore(database: database), media: PostgresMediaIndex(database: database),
            maintenance: PostgresMaintenance(database: database))
        return (stores, database)
    }
}
