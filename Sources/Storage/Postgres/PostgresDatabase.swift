import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL database that replicas share (SPEC §17): a pool of `DATABASE_POOL_SIZE` connections
/// (postgres-nio's `PostgresClient`) to `DATABASE_URL`, checked and migrated when it opens.
///
/// The pool needs its `run()` to be running. The database starts it in a task of its own when it opens and
/// cancels it in `shutdown()`, so a caller holds one value and stops it once (Proxy does so when the
/// application stops); `close()` does the same and waits for the connections to be gone.
///
/// ```swift
/// let database = try await PostgresDatabase.open(url: url, poolSize: 8, logger: logger)
/// defer { database.shutdown() }
/// ```
///
/// Failures after start-up reach callers as `StoreError.unavailable("PostgreSQL at host:port: <reason>")`,
/// never with the password, so the HTTP layer answers 503; the pool reconnects by itself when the server
/// is back.
public final class PostgresDatabase: Sendable {
    let client: PostgresClient
    /// `host:port`, the name messages give the server by.
    public let server: String
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Job writes of every replica, heard on one pooled connection that `LISTEN`s (when the pool has more
    /// than one; with one, followers poll).
    let jobChanges = JobChanges()
    /// Rung after each write of this process that makes a webhook delivery due (other replicas' dispatchers
    /// find it at their next poll).
    let webhookSignal = OutboxSignal()
    /// Wakes the followers of a background response's events, on every replica (`NOTIFY` on `eventChannel`).
    let eventChanges = JobChanges()
    private let listener: Task<Void, Never>?
    /// Ends calls past `callTimeout`, looked at once a second by `deadlineTicker`.
    private let deadlines = PostgresCallDeadlines(timeout: PostgresDatabase.callTimeout)
    private let deadlineTicker: Task<Void, Never>
    /// The channel job writes `NOTIFY` with the job id.
    static let jobChannel = "prism_jobs"
    /// The channel event-log appends `NOTIFY` with the stream id: the job channel, whose listener wakes job and
    /// event followers alike (job and response ids never collide), so one connection listens for both.
    static let eventChannel = jobChannel

    private init(location: PostgresLocation, poolSize: Int, logger: Logger) {
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        server = location.server
        self.logger = logger
        runner = Task { await client.run() }
        listener = poolSize >= 2 ? Task { [jobChanges, eventChanges] in await Self.listen(client, [jobChanges, eventChanges], logger) } : nil
        deadlineTicker = Task { [deadlines] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                deadlines.tick(now: .now)
            }
        }
    }

    /// Announces each job id notified on `jobChannel` until cancelled, listening again a second after the
    /// connection is lost (the followers' own polling covers the gap).
    private static func listen(_ client: PostgresClient, _ changes: [JobChanges], _ logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: jobChannel) { notifications in
                        for try await notification in notifications {
                            for change in changes { change.announce(notification.payload) }
                        }
                    }
                }
            } catch {
                if !Task.isCancelled { logger.warning("Listening for job changes failed, trying again: \(String(describing: error).prefix(200))") }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Connects to `url` once to check the server (PostgreSQL 14 or newer) and apply the migrations it
    /// lacks, then opens the pool. Everything that stops it — a malformed URL, a server that is down, too
    /// old, or refuses the user — throws `StoreError.unavailable` with a sentence naming the server.
    public static func open(url: String, poolSize: Int, logger: Logger) async throws -> PostgresDatabase {
        let location = try PostgresLocation(url)
        guard poolSize >= 1 else { throw StoreError.unavailable("DATABASE_POOL_SIZE must be at least 1") }
        try await PostgresMigrator.prepare(location, logger: logger)
        return PostgresDatabase(location: location, poolSize: poolSize, logger: logger)
    }

    /// Stops the pool: its connections close, and queries still to come fail.
    public func shutdown() {
        deadlineTicker.cancel()
        listener?.cancel()
        runner.cancel()
    }

    /// Stops the pool and waits until its connections are closed.
    public func close() async {
        deadlineTicker.cancel()
        listener?.cancel()
        await listener?.value
        runner.cancel()
        await runner.value
    }

    /// How long one store call may take, waiting for a connection included. postgres-nio keeps a call waiting
    /// while it reconnects to a server that went away; past this the caller gets `StoreError.unavailable`
    /// (a 503), not a request that hangs.
    static let callTimeout: Duration = .seconds(10)

    /// Runs `body` with the pool; a failure of the database becomes `StoreError.unavailable`.
    func run<Value: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Value) async throws -> Value {
        let client = self.client
        return try await bounded { try await body(client) }
    }

    /// Runs `body` in one transaction on one connection of the pool: all of it is committed, or none.
    func transaction<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        let (client, logger) = (self.client, self.logger)
        return try await bounded { try await client.withTransaction(logger: logger) { connection in try await body(connection) } }
    }

    /// `work` within `callTimeout`; a failure or the timeout becomes `StoreError.unavailable`. A timed-out call
    /// is cancelled, which gives its connection request (or its connection) back to the pool.
    private func bounded<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        do {
            return try await deadlines.run(work)
        } catch is PostgresCallDeadlines.Expired {
            throw failure(StoreError.unavailable("PostgreSQL at \(server) did not answer within \(Self.callTimeout.components.seconds) s"))
        } catch {
            throw failure(error)
        }
    }

    /// What a caller sees of `error`, logged when the database failed (a cursor the caller cannot see is
    /// its own mistake, not the database's).
    private func failure(_ error: any Error) -> any Error {
        let mapped = PostgresFailure.storeError(error, server: server)
        if case StoreError.unavailable(let reason) = mapped { logger.error("\(reason)") }
        return mapped
    }
}
