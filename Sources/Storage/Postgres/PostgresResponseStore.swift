import PostgresNIO
import PrismShared

/// Stored responses and their input items in PostgreSQL: the same behaviour as `SQLiteResponseStore`.
struct PostgresResponseStore: ResponseStore {
    let database: PostgresDatabase

    /// Stores a response and its input items in one transaction. Its root and depth come from its parent,
    /// so conversations list without walking chains. Saving an id again replaces its state, but never a
    /// `completed` one; its input items are written once (`ON CONFLICT DO NOTHING`).
    func save(_ response: NewStoredResponse) async throws {
        let objectText = response.objectText
        let positions = response.inputItems.indices.map { $0 }
        let itemIDs = response.inputItems.map { $0["id"]?.stringValue ?? "" }
        let items = response.inputItems.map { $0.serialized() }
        let logger = database.logger
        try await database.transaction { connection in
            var rootID = response.id
            var depth = 1
            var title = response.firstUserText
            if let previous = response.previousResponseID,
               let parent = try await connection.query("SELECT root_id, depth, title FROM responses WHERE id = \(previous)", logger: logger).collect().first {
                (rootID, depth, title) = try parent.decode((String, Int, String).self)
                depth += 1
            }
            let shortTitle = String(title.prefix(200))
            let preview = String(response.preview.prefix(200))
            try await connection.run("""
                INSERT INTO responses (id, principal, model, status, previous_response_id, root_id, depth, title, preview, created_at, object)
                VALUES (\(response.id), \(response.principal), \(response.model), \(response.status), \(response.previousResponseID), \(rootID),
                        \(depth), \(shortTitle), \(preview), \(response.createdAt), \(objectText))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, preview = excluded.preview, object = excluded.object
                WHERE responses.status <> 'completed'
                """, logger: logger)
            for query in response.webhookEvents.flatMap(PostgresWebhookOutbox.inserts) { try await connection.run(query, logger: logger) }
            guard !items.isEmpty else { return }
            // One statement for all items: unnest keeps the arrays' order, position by position.
            try await connection.run("""
                INSERT INTO response_input_items (response_id, position, item_id, item)
                SELECT \(response.id), * FROM unnest(\(positions)::int[], \(itemIDs)::text[], \(items)::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !response.webhookEvents.isEmpty { database.webhookSignal.ring() }
    }

    /// Finishes a response that was waiting for a media job, unless it was finished already.
    func complete(id: String, object: JSONValue, preview: String) async throws {
        let status = object["status"]?.stringValue ?? "completed"
        let (objectText, shortPreview) = (object.serialized(), String(preview.prefix(200)))
        try await database.run { client in
            try await client.run("""
                UPDATE responses SET status = \(status), preview = \(shortPreview), object = \(objectText)
                WHERE id = \(id) AND status IN ('queued', 'in_progress', 'incomplete')
                """, logger: database.logger)
        }
    }

    /// The stored object, if the caller may see it.
    func response(id: String, scope: Scope) async throws -> JSONValue? {
        try await database.run { client in
            try await client.query("SELECT object FROM responses WHERE id = \(id) AND (\(scope.owner)::text IS NULL OR principal = \(scope.owner))",
                                   logger: database.logger).collect().first.flatMap { try? JSONValue.parse(try $0.decode(String.self)) }
        }
    }

    /// The chain from its root to `id`, in order, read in one recursive query (every step scoped, so a chain
    /// never crosses into another principal's responses); `nil` when `id` is not the caller's.
    func chain(endingAt id: String, scope: Scope) async throws -> [ChainLink]? {
        let owner = scope.owner
        let rows = try await database.run { client in
            try await client.query("""
                WITH RECURSIVE chain(id, previous, depth) AS (
                    SELECT r.id, r.previous_response_id, 0 FROM responses r WHERE r.id = \(id) AND (\(owner)::text IS NULL OR r.principal = \(owner))
                    UNION ALL
                    SELECT r.id, r.previous_response_id, chain.depth + 1 FROM responses r JOIN chain ON r.id = chain.previous
                    WHERE (\(owner)::text IS NULL OR r.principal = \(owner))
                )
                SELECT chain.id, r.object, i.item FROM chain JOIN responses r ON r.id = chain.id
                LEFT JOIN response_input_items i ON i.response_id = chain.id
                ORDER BY chain.depth DESC, i.position ASC
                """, logger: database.logger).collect().map { try $0.decode((String, String, String?).self) }
        }
        guard !rows.isEmpty else { return nil }
        var links: [ChainLink] = []
        var current: (id: String, object: JSONValue, items: [JSONValue])?
        for (rowID, object, item) in rows {
            if rowID != current?.id {
                if let current { links.append(ChainLink(object: current.object, inputItems: current.items)) }
                current = (rowID, (try? JSONValue.parse(object)) ?? .null, [])
            }
            if let item, let value = try? JSONValue.parse(item) { current?.items.append(value) }
        }
        if let current { links.append(ChainLink(object: current.object, inputItems: current.items)) }
        return links
    }

    /// The input items of one response; `nil` when the response is not the caller's.
    func inputItems(responseID: String, scope: Scope, limit: Int, ascending: Bool, after: String?) async throws -> Page<JSONValue>? {
        try await database.run { client -> Page<JSONValue>? in
            let owner = scope.owner
            guard try await client.query("SELECT 1 FROM responses WHERE id = \(responseID) AND (\(owner)::text IS NULL OR principal = \(owner))",
                                         logger: database.logger).collect().first != nil else { return nil }
            var position: Int?
            if let after {
                position = try await client.query(
                    "SELECT position FROM response_input_items WHERE response_id = \(responseID) AND item_id = \(after)", logger: database.logger
                ).collect().first?.decode(Int.self)
                guard position != nil else { throw StoreError.unknownCursor(after) }
            }
            let direction = ascending ? "ASC" : "DESC"
            let comparison = ascending ? ">" : "<"
            let items = try await client.query("""
                SELECT item FROM response_input_items WHERE response_id = \(responseID)
                AND (\(position)::int IS NULL OR position \(unescaped: comparison) \(position))
                ORDER BY position \(unescaped: direction) LIMIT \(limit + 1)
                """, logger: database.logger).collect().compactMap { try? JSONValue.parse(try $0.decode(String.self)) }
            return Page(items: Array(items.prefix(limit)), hasMore: items.count > limit)
        }
    }

    /// Newest first by insertion order.
    func list(scope: Scope, limit: Int, after: String?, prefix: String?, model: String?) async throws -> Page<ResponseSummary> {
        try await database.run { client in
            let owner = scope.owner
            let cursor = try await PostgresPaging.sequence(of: after, table: "responses", owner: owner, client: client, logger: database.logger)
            let rows = try await client.query("""
                SELECT id, created_at, model, status, previous_response_id, preview FROM responses
                WHERE (\(owner)::text IS NULL OR principal = \(owner)) AND (\(cursor)::bigint IS NULL OR seq < \(cursor))
                AND (\(prefix)::text IS NULL OR left(id, length(\(prefix))) = \(prefix)) AND (\(model)::text IS NULL OR model = \(model))
                ORDER BY seq DESC LIMIT \(limit + 1)
                """, logger: database.logger).collect().map { row in
                let (id, createdAt, model, status, previous, preview) = try row.decode((String, Int, String, String, String?, String).self)
                return ResponseSummary(id: id, createdAt: createdAt, model: model, status: status, previousResponseID: previous, preview: preview)
            }
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Leaves of chains (responses nobody continued), newest first: each is one conversation.
    func conversations(scope: Scope, limit: Int, after: String?) async throws -> Page<ConversationSummary> {
        try await database.run { client in
            let owner = scope.owner
            let cursor = try await PostgresPaging.sequence(of: after, table: "responses", owner: owner, client: client, logger: database.logger)
            let rows = try await client.query("""
                SELECT leaf.id, leaf.root_id, leaf.depth, leaf.title, leaf.model, COALESCE(root.created_at, leaf.created_at), leaf.created_at
                FROM responses leaf LEFT JOIN responses root ON root.id = leaf.root_id
                WHERE (\(owner)::text IS NULL OR leaf.principal = \(owner))
                AND NOT EXISTS (SELECT 1 FROM responses child WHERE child.previous_response_id = leaf.id)
                AND (\(cursor)::bigint IS NULL OR leaf.seq < \(cursor))
                ORDER BY leaf.seq DESC LIMIT \(limit + 1)
                """, logger: database.logger).collect().map { row in
                let (leaf, root, turns, title, model, createdAt, updatedAt) = try row.decode((String, String, Int, String, String, Int, Int).self)
                return ConversationSummary(leafID: leaf, rootID: root, turns: turns, title: title, model: model, createdAt: createdAt, updatedAt: updatedAt)
            }
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Deletes one response (its input items go with it, `ON DELETE CASCADE`); `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool {
        try await PostgresPaging.delete(from: "responses", id: id, owner: scope.owner, database: database) > 0
    }

    /// Deletes every response the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int {
        try await PostgresPaging.delete(from: "responses", id: nil, owner: scope.owner, database: database)
    }
}
