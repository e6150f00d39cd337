import Foundation
import GRDB
import PrismShared

/// Stored responses and their input items in SQLite (SPEC §6).
struct SQLiteResponseStore: ResponseStore {
    let database: SQLiteDatabase
    /// Chains of recent responses, so a continuation does not read its history again.
    let recent = RecentChains(capacity: 512)

    /// Stores a response and its input items in one transaction. Its root and depth come from its parent,
    /// so conversations list without walking chains. Saving an id again (a media response stored
    /// `in_progress` before its job) replaces its state, but never a `completed` one.
    func save(_ response: NewStoredResponse) async throws {
        // Serialised here, in parallel, rather than on the one writer thread.
        let objectText = response.objectText
        let itemsText = "[" + response.inputItems.map { $0.serialized() }.joined(separator: ",") + "]"
        try await database.commits.commit { db in
            var rootID = response.id
            var depth = 1
            var title = response.firstUserText
            if let previous = response.previousResponseID,
               let parent = try Row.fetchOne(db.cachedStatement(sql: "SELECT root_id, depth, title FROM responses WHERE id = ?"), arguments: [previous]) {
                rootID = parent["root_id"]
                depth = (parent["depth"] as Int) + 1
                title = parent["title"]
            }
            // Cached statements: compiling SQL once instead of per answer is most of the cost of a small insert.
            // The input items of a response saved again stay those of its first save.
            try db.cachedStatement(sql: """
                INSERT INTO responses (id, principal, model, status, previous_response_id, root_id, depth, title, preview, created_at, object, input_items)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, preview = excluded.preview, object = excluded.object
                WHERE responses.status != 'completed'
                """).execute(arguments: [response.id, response.principal, response.model, response.status, response.previousResponseID, rootID, depth,
                            String(title.prefix(200)), String(response.preview.prefix(200)), response.createdAt, objectText, itemsText])
            for event in response.webhookEvents { try SQLiteWebhookOutbox.insert(event, db: db) }
        }
        if !response.webhookEvents.isEmpty { database.webhookSignal.ring() }
        recent.extend(response)
    }

    /// Finishes a response that was waiting for a media job, unless it was finished already.
    func complete(id: String, object: JSONValue, preview: String) async throws {
        let objectText = object.serialized()
        try await database.commits.commit { db in
            try db.execute(
                sql: "UPDATE responses SET status = ?, preview = ?, object = ? WHERE id = ? AND status IN ('queued', 'in_progress', 'incomplete')",
                arguments: [object["status"]?.stringValue ?? "completed", String(preview.prefix(200)), objectText, id])
        }
        recent.clear()
    }

    func response(id: String, scope: Scope) async throws -> JSONValue? {
        let (condition, arguments) = scope.sqliteCondition()
        return try await database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT object FROM responses WHERE id = ? AND \(condition)", arguments: [id] + arguments)
        }.flatMap { try? JSONValue.parse($0) }
    }

    /// The chain from its root to `id`, in order, read in one recursive query; `nil` when `id` is not
    /// the caller's.
    func chain(endingAt id: String, scope: Scope) async throws -> [ChainLink]? {
        if let cached = recent.chain(endingAt: id, scope: scope) { return cached }
        let epoch = recent.epoch
        let (condition, arguments) = scope.sqliteCondition("r.principal")
        let read = try await database.writer.read { db -> (links: [ChainLink], principals: Set<String>, whole: Bool)? in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE chain(id, previous, depth) AS (
                        SELECT r.id, r.previous_response_id, 0 FROM responses r WHERE r.id = ? AND \(condition)
                        UNION ALL
                        SELECT r.id, r.previous_response_id, chain.depth + 1 FROM responses r JOIN chain ON r.id = chain.previous
                        WHERE \(condition)
                    )
                    SELECT chain.previous AS previous, r.principal AS principal, r.object AS object, r.input_items AS input_items
                    FROM chain JOIN responses r ON r.id = chain.id
                    ORDER BY chain.depth DESC
                    """,
                arguments: [id] + arguments + arguments)
            guard let first = rows.first else { return nil }
            // A scope can cut a chain short (a continuation of someone else's response): only a chain that
            // starts at its real root is worth remembering.
            let whole = (first["previous"] as String?) == nil
            var principals = Set<String>()
            let links = rows.map { row in
                principals.insert(row["principal"])
                return ChainLink(object: (try? JSONValue.parse(row["object"] as String)) ?? .null, inputItems: Self.items(row["input_items"]))
            }
            return (links, principals, whole)
        }
        guard let read else { return nil }
        if read.whole { recent.remember(read.links, endingAt: id, principals: read.principals, epoch: epoch) }
        return read.links
    }

    /// The input items of one response; `nil` when the response is not the caller's.
    func inputItems(responseID: String, scope: Scope, limit: Int, ascending: Bool, after: String?) async throws -> Page<JSONValue>? {
        let (condition, arguments) = scope.sqliteCondition()
        let text = try await database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT input_items FROM responses WHERE id = ? AND \(condition)", arguments: [responseID] + arguments)
        }
        guard let text else { return nil }
        var items = Self.items(text)
        if !ascending { items.reverse() }
        if let after {
            guard let position = items.firstIndex(where: { $0["id"]?.stringValue == after }) else { throw StoreError.unknownCursor(after) }
            items.removeFirst(position + 1)
        }
        return Page(items: Array(items.prefix(limit)), hasMore: items.count > limit)
    }

    /// A response's input items from their one JSON array.
    private static func items(_ text: String?) -> [JSONValue] {
        text.flatMap { try? JSONValue.parse($0) }?.arrayValue ?? []
    }

    func list(scope: Scope, limit: Int, after: String?, prefix: String?, model: String?) async throws -> Page<ResponseSummary> {
        let (condition, arguments) = scope.sqliteCondition()
        return try await database.writer.read { db in
            var sql = "SELECT id, created_at, model, status, previous_response_id, preview FROM responses WHERE \(condition)"
            var values = arguments
            if let after {
                sql += " AND seq < ?"
                values += [try SQLiteDatabase.sequence(of: after, table: "responses", scope: scope, db: db)]
            }
            if let prefix {
                sql += " AND substr(id, 1, ?) = ?"
                values += [prefix.count, prefix]
            }
            if let model {
                sql += " AND model = ?"
                values += [model]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            values += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: values).map { row in
                ResponseSummary(id: row["id"], createdAt: row["created_at"], model: row["model"], status: row["status"],
                                previousResponseID: row["previous_response_id"], preview: row["preview"])
            }
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Leaves of chains, newest first: each is one conversation.
    func conversations(scope: Scope, limit: Int, after: String?) async throws -> Page<ConversationSummary> {
        let (condition, arguments) = scope.sqliteCondition("leaf.principal")
        return try await database.writer.read { db in
            var sql = """
                SELECT leaf.id AS leaf_id, leaf.root_id AS root_id, leaf.depth AS depth, leaf.title AS title, leaf.model AS model,
                       leaf.created_at AS updated_at, COALESCE(root.created_at, leaf.created_at) AS created_at
                FROM responses leaf LEFT JOIN responses root ON root.id = leaf.root_id
                WHERE \(condition) AND NOT EXISTS (SELECT 1 FROM responses child WHERE child.previous_response_id = leaf.id)
                """
            var values = arguments
            if let after {
                sql += " AND leaf.seq < ?"
                values += [try SQLiteDatabase.sequence(of: after, table: "responses", scope: scope, db: db)]
            }
            sql += " ORDER BY leaf.seq DESC LIMIT ?"
            values += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: values).map { row in
                ConversationSummary(leafID: row["leaf_id"], rootID: row["root_id"], turns: row["depth"], title: row["title"],
                                    model: row["model"], createdAt: row["created_at"], updatedAt: row["updated_at"])
            }
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Deletes one response (its input items go with it); `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool {
        defer { recent.clear() }
        return try await database.delete(from: "responses", id: id, scope: scope) > 0
    }

    /// Deletes every response the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int {
        defer { recent.clear() }
        return try await database.delete(from: "responses", scope: scope)
    }
}
