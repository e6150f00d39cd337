import Foundation
import Logging
import PostgresNIO
import PrismShared

/// The webhook outbox in PostgreSQL: `lease` locks the rows it takes with `FOR UPDATE SKIP LOCKED` and
/// writes the lease in the same transaction, so each attempt is made by one replica.
struct PostgresWebhookOutbox: WebhookOutbox {
    let database: PostgresDatabase
    var signal: OutboxSignal { database.webhookSignal }

    func record(_ event: WebhookEvent) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for query in Self.inserts(event) { try await connection.run(query, logger: logger) }
        }
        signal.ring()
    }

    /// The event and its deliveries, for a caller's transaction (a job's end writes its events with it).
    static func inserts(_ event: WebhookEvent) -> [PostgresQuery] {
        var queries: [PostgresQuery] = ["""
            INSERT INTO webhook_events (id, type, principal, created_at, body)
            VALUES (\(event.id), \(event.type), \(event.principal), \(event.createdAt), \(event.body.serialized()))
            """]
        for target in event.targets {
            queries.append("""
                INSERT INTO webhook_deliveries (id, event_id, event_type, url, guarded, status, next_attempt_at, attempts, created_at)
                VALUES (\(Identifier.make("whd")), \(event.id), \(event.type), \(target.url), \(target.guarded), 'pending', \(event.createdAt), '[]',
                        \(event.createdAt))
                """)
        }
        return queries
    }

    func lease(owner: String, now: Double, until: Double, limit: Int) async throws -> [WebhookDelivery] {
        let logger = database.logger
        return try await database.transaction { connection in
            let ids = try await connection.query("""
                SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= \(now) AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY next_attempt_at, seq LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map { try $0.decode(String.self) }
            guard !ids.isEmpty else { return [] }
            return try await connection.query("""
                WITH leased AS (UPDATE webhook_deliveries SET lease_owner = \(owner), lease_until = \(until) WHERE id = ANY(\(ids)::text[]) RETURNING *)
                SELECT \(unescaped: Self.columns) FROM leased d JOIN webhook_events e ON e.id = d.event_id ORDER BY d.next_attempt_at, d.seq
                """, logger: logger).collect().map(Self.delivery)
        }
    }

    func attempted(_ id: String, attempt: WebhookAttempt, status: WebhookDelivery.Status, nextAttemptAt: Double?) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            let current = try await connection.query("SELECT attempts FROM webhook_deliveries WHERE id = \(id) FOR UPDATE", logger: logger)
                .collect().first?.decode(String.self)
            let attempts = WebhookAttempt.serialized(WebhookAttempt.list(current) + [attempt])
            try await connection.run("""
                UPDATE webhook_deliveries SET attempts = \(attempts), status = \(status.rawValue), next_attempt_at = \(nextAttemptAt),
                lease_owner = NULL, lease_until = NULL WHERE id = \(id)
                """, logger: logger)
        }
        if status == .pending { signal.ring() }
    }

    func releaseLeases() async throws {
        try await database.run { client in
            try await client.run("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL", logger: database.logger)
        }
        signal.ring()
    }

    func retry(_ id: String, now: Double) async throws -> WebhookDelivery? {
        try await database.run { client in
            try await client.run("""
                UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = \(now), lease_owner = NULL, lease_until = NULL WHERE id = \(id)
                """, logger: database.logger)
        }
        let delivery = try await delivery(id: id)
        if delivery != nil { signal.ring() }
        return delivery
    }

    func delivery(id: String) async throws -> WebhookDelivery? {
        try await database.run { client in
            try await client.query("""
                SELECT \(unescaped: Self.columns) FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = \(id)
                """, logger: database.logger).collect().first.map(Self.delivery)
        }
    }

    func deliveries(status: WebhookDelivery.Status?, eventType: String?, limit: Int, after: String?) async throws -> Page<WebhookDelivery> {
        let status = status?.rawValue
        return try await database.run { client in
            let logger = database.logger
            var cursor: Int?
            if let after {
                guard let seq = try await client.query("SELECT seq FROM webhook_deliveries WHERE id = \(after)", logger: logger).collect().first?
                    .decode(Int.self) else { throw StoreError.unknownCursor(after) }
                cursor = seq
            }
            let rows = try await client.query("""
                SELECT \(unescaped: Self.columns) FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE (\(status)::text IS NULL OR d.status = \(status)) AND (\(eventType)::text IS NULL OR d.event_type = \(eventType))
                AND (\(cursor)::bigint IS NULL OR d.seq < \(cursor)) ORDER BY d.seq DESC LIMIT \(limit + 1)
                """, logger: logger).collect().map(Self.delivery)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    private static let columns = "d.id, d.event_id, d.event_type, d.url, d.guarded, d.status, d.next_attempt_at, d.attempts, d.created_at, e.body"

    private static func delivery(_ row: PostgresRow) throws -> WebhookDelivery {
        let (id, eventID, eventType, url, guarded, status, next, attempts, createdAt, body) = try row.decode(
            (String, String, String, String, Bool, String, Double?, String, Double, String).self)
        return WebhookDelivery(
            id: id, eventID: eventID, eventType: eventType, url: url, guarded: guarded, status: WebhookDelivery.Status(rawValue: status) ?? .failed,
            nextAttemptAt: next, attempts: WebhookAttempt.list(attempts), createdAt: createdAt, body: body)
    }
}
