import Foundation
import GRDB
import PrismShared

/// The webhook outbox in SQLite: one process owns the file, so a lease only keeps this process's dispatcher
/// from taking a delivery twice while an attempt is under way.
struct SQLiteWebhookOutbox: WebhookOutbox {
    let database: SQLiteDatabase
    private var writer: any DatabaseWriter { database.writer }
    var signal: OutboxSignal { database.webhookSignal }

    func record(_ event: WebhookEvent) async throws {
        try await writer.write { db in try Self.insert(event, db: db) }
        signal.ring()
    }

    /// The event and its deliveries, for a caller's transaction (a job's end writes its events with it).
    static func insert(_ event: WebhookEvent, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO webhook_events (id, type, principal, created_at, body) VALUES (?, ?, ?, ?, ?)",
            arguments: [event.id, event.type, event.principal, event.createdAt, event.body.serialized()])
        for target in event.targets {
            try db.execute(
                sql: """
                    INSERT INTO webhook_deliveries (id, event_id, event_type, url, guarded, status, next_attempt_at, attempts, created_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, '[]', ?)
                    """,
                arguments: [Identifier.make("whd"), event.id, event.type, target.url, target.guarded, event.createdAt, event.createdAt])
        }
    }

    func lease(owner: String, now: Double, until: Double, limit: Int) async throws -> [WebhookDelivery] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.columns) FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
                    ORDER BY d.next_attempt_at, d.seq LIMIT ?
                    """,
                arguments: [now, now, limit]).map(Self.delivery)
            for delivery in rows {
                try db.execute(sql: "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?", arguments: [owner, until, delivery.id])
            }
            return rows
        }
    }

    func attempted(_ id: String, attempt: WebhookAttempt, status: WebhookDelivery.Status, nextAttemptAt: Double?) async throws {
        try await writer.write { db in
            let attempts = WebhookAttempt.list(try String.fetchOne(db, sql: "SELECT attempts FROM webhook_deliveries WHERE id = ?", arguments: [id]))
            try db.execute(
                sql: """
                    UPDATE webhook_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?
                    """,
                arguments: [WebhookAttempt.serialized(attempts + [attempt]), status.rawValue, nextAttemptAt, id])
        }
        if status == .pending { signal.ring() }
    }

    func releaseLeases() async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL")
        }
        signal.ring()
    }

    func retry(_ id: String, now: Double) async throws -> WebhookDelivery? {
        let delivery = try await writer.write { db -> WebhookDelivery? in
            try db.execute(
                sql: "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                arguments: [now, id])
            return try Self.fetch(id: id, db: db)
        }
        if delivery != nil { signal.ring() }
        return delivery
    }

    func delivery(id: String) async throws -> WebhookDelivery? {
        try await writer.read { db in try Self.fetch(id: id, db: db) }
    }

    func deliveries(status: WebhookDelivery.Status?, eventType: String?, limit: Int, after: String?) async throws -> Page<WebhookDelivery> {
        try await writer.read { db in
            var sql = "SELECT \(Self.columns) FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE (? IS NULL OR d.status = ?)"
            sql += " AND (? IS NULL OR d.event_type = ?)"
            var arguments: StatementArguments = [status?.rawValue, status?.rawValue, eventType, eventType]
            if let after {
                guard let seq = try Int.fetchOne(db, sql: "SELECT seq FROM webhook_deliveries WHERE id = ?", arguments: [after]) else {
                    throw StoreError.unknownCursor(after)
                }
                sql += " AND d.seq < ?"
                arguments += [seq]
            }
            sql += " ORDER BY d.seq DESC LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.delivery)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    private static let columns = """
        d.id, d.event_id, d.event_type, d.url, d.guarded, d.status, d.next_attempt_at, d.attempts, d.created_at, e.body
        """

    private static func fetch(id: String, db: Database) throws -> WebhookDelivery? {
        try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = ?", arguments: [id]
        ).map(delivery)
    }

    private static func delivery(_ row: Row) -> WebhookDelivery {
        WebhookDelivery(
            id: row["id"], eventID: row["event_id"], eventType: row["event_type"], url: row["url"], guarded: row["guarded"],
            status: WebhookDelivery.Status(rawValue: row["status"]) ?? .failed, nextAttemptAt: row["next_attempt_at"],
            attempts: WebhookAttempt.list(row["attempts"]), createdAt: row["created_at"], body: row["body"])
    }
}
