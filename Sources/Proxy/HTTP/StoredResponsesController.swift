import Hummingbird
import NIOCore
import PrismShared
import Storage

/// Reading, replaying, listing and deleting stored responses, and the conversations built from their
/// chains (SPEC §6). Every query is scoped to the caller; another principal's id is a 404.
struct StoredResponsesController: Sendable {
    let store: any ResponseStore
    /// Background responses: their event log, and cancelling them (`+Background`).
    let background: BackgroundResponses

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/responses", use: list)
        router.delete("/v1/responses/all", use: deleteAll)
        router.get("/v1/responses/{id}", use: retrieve)
        router.get("/v1/responses/{id}/input_items", use: inputItems)
        router.post("/v1/responses/{id}/cancel", use: cancel)
        router.delete("/v1/responses/{id}", use: delete)
        router.get("/v1/conversations", use: conversations)
    }

    static func notFound(_ id: String) -> GatewayError {
        .notFound("There is no response \(id): it was deleted, never stored, or belongs to another key.", code: "response_not_found")
    }

    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard var response = try await store.response(id: id, scope: Scope(context.principal)) else { throw Self.notFound(id) }
        // A background response is stored queued until its end; while this process runs it, it is working.
        if response["status"] == "queued", background.isRunning(id) { response["status"] = "in_progress" }
        guard request.uri.queryParameters["stream"] == "true" else { return JSONResponse.make(response) }
        return try await stream(response, id: id, request: request, scope: Scope(context.principal))
    }

    @Sendable func inputItems(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        let query = try ListQuery(request)
        guard let page = try await store.inputItems(responseID: id, scope: Scope(context.principal), limit: query.limit, ascending: query.ascending, after: query.after) else {
            throw Self.notFound(id)
        }
        return JSONResponse.list(page.items, hasMore: page.hasMore)
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard try await store.delete(id: id, scope: Scope(context.principal)) else { throw Self.notFound(id) }
        try await background.log.deleteOrphans()
        return JSONResponse.make(["id": .string(id), "object": "response", "deleted": true])
    }

    @Sendable func deleteAll(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let count = try await store.deleteAll(scope: Scope(context.principal))
        try await background.log.deleteOrphans()
        return JSONResponse.make(["object": "list", "deleted": true, "deleted_count": JSONValue(count)])
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let page = try await store.list(
            scope: Scope(context.principal), limit: query.limit, after: query.after,
            prefix: ListQuery.filter(request, "prefix"), model: ListQuery.filter(request, "model"))
        let data: [JSONValue] = page.items.map { summary in
            [
                "id": .string(summary.id), "object": "response", "created_at": JSONValue(summary.createdAt), "model": .string(summary.model),
                "status": .string(summary.status), "previous_response_id": JSONValue(summary.previousResponseID), "preview": .string(summary.preview),
            ]
        }
        return JSONResponse.list(data, hasMore: page.hasMore)
    }

    @Sendable func conversations(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let page = try await store.conversations(scope: Scope(context.principal), limit: query.limit, after: query.after)
        let data: [JSONValue] = page.items.map { conversation in
            [
                "id": .string(conversation.leafID), "object": "conversation", "root_id": .string(conversation.rootID),
                "leaf_id": .string(conversation.leafID), "turns": JSONValue(conversation.turns), "title": .string(conversation.title),
                "model": .string(conversation.model), "created_at": JSONValue(conversation.createdAt), "updated_at": JSONValue(conversation.updatedAt),
            ]
        }
        return JSONResponse.list(data, hasMore: page.hasMore)
    }
}
