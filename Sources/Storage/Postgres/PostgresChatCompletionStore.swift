import PostgresNIO
import PrismShared

/// Chat completions kept with `"store": true`, in PostgreSQL.
struct PostgresChatCompletionStore: ChatCompletionStore {
    let database: PostgresDatabase

    /// Keeps a completion (its `id` is Prism's own) and the request messages it answered.
    func save(id: String, principal: String, model: String, createdAt: Int, completion: JSONValue, messages: JSONValue) async throws {
        let (completionText, messagesText) = (completion.serialized(), messages.serialized())
        try await database.run { client in
            try await client.run("""
                INSERT INTO chat_completions (id, principal, model, created_at, completion, messages)
                VALUES (\(id), \(principal), \(model), \(createdAt), \(completionText), \(messagesText))
                """, logger: database.logger)
        }
    }

    /// The completion and its messages, if the caller may see them.
    func completion(id: String, scope: Scope) async throws -> StoredCompletion? {
        try await database.run { client in
            guard let row = try await client.query("""
                SELECT completion, messages FROM chat_completions WHERE id = \(id) AND (\(scope.owner)::text IS NULL OR principal = \(scope.owner))
                """, logger: database.logger).collect().first else { return nil }
            let (completion, messages) = try row.decode((String, String).self)
            guard let parsed = try? JSONValue.parse(completion) else { return nil }
            return StoredCompletion(completion: parsed, messages: (try? JSONValue.parse(messages)) ?? .array([]))
        }
    }

    /// Oldest or newest first by insertion order, from the cursor `after`.
    func list(scope: Scope, limit: Int, after: String?, ascending: Bool, model: String?) async throws -> Page<JSONValue> {
        try await database.run { client in
            let owner = scope.owner
            let cursor = try await PostgresPaging.sequence(of: after, table: "chat_completions", owner: owner, client: client, logger: database.logger)
            let (comparison, direction) = ascending ? (">", "ASC") : ("<", "DESC")
            let items = try await client.query("""
                SELECT completion FROM chat_completions
                WHERE (\(owner)::text IS NULL OR principal = \(owner)) AND (\(cursor)::bigint IS NULL OR seq \(unescaped: comparison) \(cursor))
                AND (\(model)::text IS NULL OR model = \(model))
                ORDER BY seq \(unescaped: direction) LIMIT \(limit + 1)
                """, logger: database.logger).collect().compactMap { try? JSONValue.parse(try $0.decode(String.self)) }
            return Page(items: Array(items.prefix(limit)), hasMore: items.count > limit)
        }
    }

    /// Deletes one stored completion; `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool {
        try await PostgresPaging.delete(from: "chat_completions", id: id, owner: scope.owner, database: database) > 0
    }

    /// Deletes every stored completion the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int {
        try await PostgresPaging.delete(from: "chat_completions", id: nil, owner: scope.owner, database: database)
    }
}
