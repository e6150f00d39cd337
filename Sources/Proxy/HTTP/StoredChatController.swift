import Hummingbird
import PrismShared
import Storage

/// Chat completions kept with `"store": true`, in OpenAI's stored-completions shape: list (oldest first
/// by default, as OpenAI's), retrieve, its messages, delete.
struct StoredChatController: Sendable {
    let store: any ChatCompletionStore

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/chat/completions", use: list)
        router.get("/v1/chat/completions/{id}", use: retrieve)
        router.get("/v1/chat/completions/{id}/messages", use: messages)
        router.delete("/v1/chat/completions/{id}", use: delete)
    }

    static func notFound(_ id: String) -> GatewayError {
        .notFound("There is no stored chat completion \(id): only requests sent with \"store\": true are kept.", code: "completion_not_found")
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request, defaultAscending: true)
        let page = try await store.list(
            scope: Scope(context.principal), limit: query.limit, after: query.after, ascending: query.ascending,
            model: ListQuery.filter(request, "model"))
        return JSONResponse.list(page.items, hasMore: page.hasMore)
    }

    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard let stored = try await store.completion(id: id, scope: Scope(context.principal)) else { throw Self.notFound(id) }
        return JSONResponse.make(stored.completion)
    }

    @Sendable func messages(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard let stored = try await store.completion(id: id, scope: Scope(context.principal)) else { throw Self.notFound(id) }
        let data = (stored.messages.arrayValue ?? []).enumerated().map { index, message -> JSONValue in
            var message = message
            message["id"] = .string("\(id)-\(index)")
            return message
        }
        return JSONResponse.list(data, hasMore: false)
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard try await store.delete(id: id, scope: Scope(context.principal)) else { throw Self.notFound(id) }
        return JSONResponse.make(["object": "chat.completion.deleted", "id": .string(id), "deleted": true])
    }
}
