import GRDB
import PostgresNIO

/// One table that `StoreCopy` moves from SQLite to PostgreSQL: its columns (without `seq`, which PostgreSQL
/// numbers itself in the order the rows arrive) and how each is bound.
struct CopiedTable: Sendable {
    /// How a column's SQLite value is bound for PostgreSQL.
    enum Kind: Sendable {
        case text, integer, real, boolean
    }

    let name: String
    let columns: [(name: String, kind: Kind)]

    /// Every table, parents before the rows that refer to them (input items need their response).
    static let all: [CopiedTable] = [
        CopiedTable(name: "responses", columns: [
            ("id", .text), ("principal", .text), ("model", .text), ("status", .text), ("previous_response_id", .text), ("root_id", .text),
            ("depth", .integer), ("title", .text), ("preview", .text), ("created_at", .integer), ("object", .text),
        ]),
        CopiedTable(name: "response_input_items", columns: [("response_id", .text), ("position", .integer), ("item_id", .text), ("item", .text)]),
        CopiedTable(name: "chat_completions", columns: [
            ("id", .text), ("principal", .text), ("model", .text), ("created_at", .integer), ("completion", .text), ("messages", .text),
        ]),
        CopiedTable(name: "media", columns: [
            ("id", .text), ("principal", .text), ("job_id", .text), ("kind", .text), ("mime_type", .text), ("bytes", .integer), ("sha256", .text),
            ("width", .integer), ("height", .integer), ("duration", .real), ("prompt", .text), ("model", .text), ("created_at", .integer),
        ]),
        CopiedTable(name: "jobs", columns: [
            ("id", .text), ("principal", .text), ("model", .text), ("status", .text), ("provider_task_id", .text), ("provider_poll_url", .text),
            ("progress", .real), ("message", .text), ("created_at", .real), ("started_at", .real), ("finished_at", .real), ("media_ids", .text),
            ("error_code", .text), ("error_message", .text), ("request", .text), ("response_id", .text), ("lease_owner", .text), ("lease_until", .real),
            ("fingerprint", .text), ("delivered_at", .real),
        ]),
        CopiedTable(name: "teams", columns: [("id", .text), ("name", .text), ("settings", .text), ("created_at", .integer)]),
        CopiedTable(name: "api_keys", columns: [
            ("id", .text), ("name", .text), ("team_id", .text), ("secret_hash", .text), ("secret_hint", .text), ("settings", .text),
            ("expires_at", .integer), ("disabled", .boolean), ("created_at", .integer),
        ]),
        // The daily spend totals are not copied but summed again from the copied rows (`StoreCopy`).
        CopiedTable(name: "usage", columns: [
            ("id", .text), ("created_at", .real), ("key_id", .text), ("team_id", .text), ("principal", .text), ("tags", .text), ("model", .text),
            ("route", .text), ("provider", .text), ("upstream_model", .text), ("input_tokens", .integer), ("output_tokens", .integer),
            ("cached_tokens", .integer), ("images", .integer), ("video_seconds", .real), ("cost_usd", .real), ("priced", .boolean),
            ("latency_ms", .real), ("first_byte_ms", .real), ("status", .integer), ("attempts", .integer),
        ]),
        CopiedTable(name: "request_log", columns: [
            ("id", .text), ("created_at", .real), ("surface", .text), ("key_id", .text), ("principal", .text), ("model", .text), ("route", .text),
            ("provider", .text), ("upstream_model", .text), ("status", .integer), ("error_code", .text), ("latency_ms", .real), ("ttfb_ms", .real),
            ("input_tokens", .integer), ("output_tokens", .integer), ("cost_usd", .real), ("attempts", .text), ("request_body", .text),
            ("response_body", .text),
        ]),
        // Webhook events before their deliveries. The event log of background responses is not copied: its
        // streams are over, and each response keeps its final state.
        CopiedTable(name: "webhook_events", columns: [
            ("id", .text), ("type", .text), ("principal", .text), ("created_at", .real), ("body", .text),
        ]),
        CopiedTable(name: "webhook_deliveries", columns: [
            ("id", .text), ("event_id", .text), ("event_type", .text), ("url", .text), ("guarded", .boolean), ("status", .text),
            ("next_attempt_at", .real), ("attempts", .text), ("lease_owner", .text), ("lease_until", .real), ("created_at", .real),
        ]),
    ]

    /// Input items are a table of their own in PostgreSQL and in SQLite files older than
    /// `prism.v3.responses.one_row`; newer SQLite files keep them inline, a JSON array per response.
    private func isInline(_ db: Database) throws -> Bool {
        try name == "response_input_items" && !db.tableExists(name) && db.columns(in: "responses").contains { $0.name == "input_items" }
    }

    /// How many rows the SQLite file holds; `nil` when it has no such table.
    func count(in db: Database) throws -> Int? {
        if try isInline(db) { return try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(json_array_length(input_items)), 0) FROM responses") }
        return try db.tableExists(name) ? Int.fetchOne(db, sql: "SELECT count(*) FROM \(name)") : nil
    }

    /// Rows read from SQLite: their `rowid` (for the next batch) and their values in `columns` order. A
    /// column that an older file does not have yet reads as NULL (all such columns are nullable).
    func rows(of db: Database, after rowid: Int64, limit: Int) throws -> [(rowid: Int64, values: [DatabaseValue])] {
        if try isInline(db) { return try inlineItems(of: db, after: rowid, limit: limit) }
        // `rowid` is `seq` where there is one, so rows come in the order they were inserted.
        return try Row.fetchAll(db, sql: "SELECT rowid AS copy_rowid, * FROM \(name) WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [rowid, limit]).map { row in
            (row["copy_rowid"], columns.map { row.hasColumn($0.name) ? row[$0.name] : DatabaseValue.null })
        }
    }

    /// The inline items of the next `limit` responses with any, each row carrying its response's rowid: a
    /// batch ends with a whole response, so the next one starts after it.
    private func inlineItems(of db: Database, after rowid: Int64, limit: Int) throws -> [(rowid: Int64, values: [DatabaseValue])] {
        try Row.fetchAll(db, sql: """
            SELECT r.rowid AS copy_rowid, r.id AS response_id, CAST(j.key AS INTEGER) AS position,
                   COALESCE(json_extract(j.value, '$.id'), '') AS item_id, json(j.value) AS item
            FROM (SELECT rowid, id, input_items FROM responses WHERE rowid > ? AND json_array_length(input_items) > 0 ORDER BY rowid LIMIT ?) r,
                 json_each(r.input_items) j
            ORDER BY r.rowid, CAST(j.key AS INTEGER)
            """, arguments: [rowid, limit]).map { row in
            (row["copy_rowid"], columns.map { row[$0.name] })
        }
    }

    /// One multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING 1`: rows that are there already (a copy run
    /// before) are skipped, and the rows returned are the new ones. The rows of a VALUES list are inserted
    /// in the list's order, so `seq` keeps SQLite's order.
    func insert(_ rows: [[DatabaseValue]]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        for values in rows {
            var placeholders: [String] = []
            for (value, column) in zip(values, columns) {
                Self.bind(value, as: column.kind, into: &bindings)
                placeholders.append("$\(bindings.count)")
            }
            tuples.append("(\(placeholders.joined(separator: ", ")))")
        }
        let names = columns.map(\.name).joined(separator: ", ")
        return PostgresQuery(
            unsafeSQL: "INSERT INTO \(name) (\(names)) VALUES \(tuples.joined(separator: ", ")) ON CONFLICT DO NOTHING RETURNING 1", binds: bindings)
    }

    /// Binds what SQLite keeps (whatever storage class a value ended up in) as the column's PostgreSQL type;
    /// text that is no number, where a number belongs, binds as NULL.
    private static func bind(_ value: DatabaseValue, as kind: Kind, into bindings: inout PostgresBindings) {
        switch (value.storage, kind) {
        case (.null, _): bindings.appendNull()
        case (.int64(let number), .boolean): bindings.append(number != 0)
        case (_, .boolean): bindings.appendNull()
        case (.string(let text), .text): bindings.append(text)
        case (.int64(let number), .text): bindings.append(String(number))
        case (.double(let number), .text): bindings.append(String(number))
        case (.blob(let data), .text): bindings.append(String(decoding: data, as: UTF8.self))
        case (.int64(let number), .integer): bindings.append(Int(number))
        case (.double(let number), .integer): bindings.append(Int(number))
        case (.int64(let number), .real): bindings.append(Double(number))
        case (.double(let number), .real): bindings.append(number)
        case (.string(let text), .integer):
            if let number = Int(text) { bindings.append(number) } else { bindings.appendNull() }
        case (.string(let text), .real):
            if let number = Double(text) { bindings.append(number) } else { bindings.appendNull() }
        // Nothing Prism writes; NULL makes a NOT NULL column refuse the row loudly rather than invent a value.
        case (.blob, .integer), (.blob, .real): bindings.appendNull()
        }
    }
}
