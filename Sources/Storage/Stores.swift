import Foundation

/// Every store the gateway uses, behind its protocol, opened from the configuration: SQLite in the data
/// directory by default, PostgreSQL when `DATABASE_URL` is set (SPEC §17).
public struct Stores: Sendable {
    public let responses: any ResponseStore
    public let completions: any ChatCompletionStore
    public let jobs: any JobStore
    public let media: any MediaIndex
    public let maintenance: any StoreMaintenance
    public let keys: any KeyStore
    public let usage: any UsageLedger
    /// Every request with its attempts (SPEC §14).
    public let requestLog: any RequestLog
    /// Webhook events and their deliveries (SPEC §15).
    public let webhooks: any WebhookOutbox
    /// The events of background responses (SPEC §15).
    public let events: any EventLog
    /// Closes the database once nothing uses the stores any more (the application stops).
    public let close: @Sendable () -> Void

    /// SQLite in `directory/prism.sqlite`, the zero-configuration default.
    public static func sqlite(directory: String) throws -> Stores {
        let database = try SQLiteDatabase.open(directory: directory)
        return sqlite(database, secrets: directory)
    }

    /// An in-memory SQLite database with every migration applied, for tests.
    public static func inMemory() throws -> Stores {
        sqlite(try SQLiteDatabase.inMemory(), secrets: nil)
    }

    private static func sqlite(_ database: SQLiteDatabase, secrets: String?) -> Stores {
        Stores(
            responses: SQLiteResponseStore(database: database), completions: SQLiteChatCompletionStore(database: database),
            jobs: SQLiteJobStore(database: database), media: SQLiteMediaIndex(database: database),
            maintenance: SQLiteMaintenance(database: database, directory: secrets), keys: SQLiteKeyStore(database: database),
            usage: SQLiteUsageLedger(database: database), requestLog: SQLiteRequestLog(database: database),
            webhooks: SQLiteWebhookOutbox(database: database), events: SQLiteEventLog(database: database), close: database.close)
    }
}
