import PrismShared

/// Chat completions kept with `"store": true`, in OpenAI's stored-completions shape (SPEC §6).
///
/// ```swift
/// try await store.save(id: "chatcmpl_…", principal: "admin", model: "groq/x", createdAt: 0, completion: json, messages: [])
/// ```
public protocol ChatCompletionStore: Sendable {
    /// Keeps a completion (its `id` is Prism's own) and the request messages it answered.
    func save(id: String, principal: String, model: String, createdAt: Int, completion: JSONValue, messages: JSONValue) async throws
    func completion(id: String, scope: Scope) async throws -> StoredCompletion?
    func list(scope: Scope, limit: Int, after: String?, ascending: Bool, model: String?) async throws -> Page<JSONValue>
    /// `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool
    /// Deletes every stored completion the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int
}
