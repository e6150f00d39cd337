import GRDB
import PrismShared

/// Chat completions kept with `"store": true`, in SQLite.
struct SQLiteChatCompletionStore: ChatCompletionStore {
    let database: SQLiteDatabase

    /// Keeps a completion (its `id` is Prism's own) and the request messages it answered.
    func save(id: String, principal: String, model: String, createdAt: Int, completion: JSONValue, messages: JSONValue) async throws {
        let completionText = completion.serialized()
        let messagesText = messages.serialized()
        try await database.commits.commit { db in
            try db.cachedStatement(sql: "INSERT INTO chat_completions (id, principal, model, created_at, completion, messages) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [id, principal, model, createdAt, completionText, messagesText])
        }
    }

    func completion(id: String, scope: Scope) async throws -> StoredCompletion? {
        let (condition, arguments) = scope.sqliteCondition()
        return try await database.writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT completion, messages FROM chat_completions WHERE id = ? AND \(condition)", arguments: [id] + arguments),
                  let completion = try? JSONValue.parse(row["completion"] as String)
            else { return nil }
            return StoredCompletion(completion: completion, messages: (try? JSONValue.parse(row["messages"] as String)) ?? .array([]))
        }
    }

    func list(scope: Scope, limit: Int, after: String?, ascending: Bool, model: String?) async throws -> Page<JSONValue> {
        let (condition, arguments) = scope.sqliteCondition()
        return try await database.writer.read { db in
            var sql = "SELECT completion FROM chat_completions WHERE \(condition)"
            var values = arguments
            if let after {
                sql += ascending ? " AND seq > ?" : " AND seq < ?"
                values += [try SQLiteDatabase.sequence(of: after, table: "chat_completions", scope: scope, db: db)]
            }
            if let model {
                sql += " AND model = ?"
                values += [model]
            }
            sql += " ORDER BY seq \(ascending ? "ASC" : "DESC") LIMIT ?"
            values += [limit + 1]
            let items = try String.fetchAll(db, sql: sql, arguments: values).compactMap { try? JSONValue.parse($0) }
            return Page(items: Array(items.prefix(limit)), hasMore: items.count > limit)
        }
    }

    /// Deletes one stored completion; `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool {
        try await database.delete(from: "chat_completions", id: id, scope: scope) > 0
    }

    /// Deletes every stored completion the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int {
        try await database.delete(from: "chat_completions", scope: scope)
    }
}
