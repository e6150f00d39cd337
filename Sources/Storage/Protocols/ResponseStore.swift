import PrismShared

/// Stored responses and their input items (SPEC §6). Implementations: `SQLiteResponseStore` (the
/// default) and `PostgresResponseStore`; both pass the same conformance suite.
///
/// ```swift
/// try await store.save(NewStoredResponse(id: "resp_…", principal: "admin", model: "groq/x", status: "completed", …))
/// let chain = try await store.chain(endingAt: "resp_…", scope: .everything)
/// ```
public protocol ResponseStore: Sendable {
    /// Stores a response and its input items in one transaction. Saving an id again replaces its state,
    /// but never that of a `completed` one.
    func save(_ response: NewStoredResponse) async throws
    /// Finishes a response that has not ended (queued, in progress, or incomplete and waiting for a media job),
    /// unless it was finished already.
    func complete(id: String, object: JSONValue, preview: String) async throws
    func response(id: String, scope: Scope) async throws -> JSONValue?
    /// The chain from its root to `id`, in order; `nil` when `id` is not the caller's.
    func chain(endingAt id: String, scope: Scope) async throws -> [ChainLink]?
    /// The input items of one response; `nil` when the response is not the caller's.
    func inputItems(responseID: String, scope: Scope, limit: Int, ascending: Bool, after: String?) async throws -> Page<JSONValue>?
    /// Newest first.
    func list(scope: Scope, limit: Int, after: String?, prefix: String?, model: String?) async throws -> Page<ResponseSummary>
    /// Leaves of chains, newest first: each is one conversation.
    func conversations(scope: Scope, limit: Int, after: String?) async throws -> Page<ConversationSummary>
    /// Deletes one response (its input items go with it); `false` when it is not the caller's.
    func delete(id: String, scope: Scope) async throws -> Bool
    /// Deletes every response the caller may see; returns how many.
    func deleteAll(scope: Scope) async throws -> Int
}
