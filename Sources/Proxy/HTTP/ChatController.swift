import Hummingbird
import NIOCore
import PrismShared
import Storage

/// `POST /v1/chat/completions`: decode once, resolve the model once, call the provider, render.
struct ChatController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let planner: RoutePlanner
    let store: any ChatCompletionStore
    let tools: ToolAccess
    let media: MediaChatHandler
    let admin: AdminConsole
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/chat/completions", use: complete)
    }

    @Sendable func complete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let chat = try ChatRequest(document: try await request.jsonDocument(limit: maxBodyBytes))
        try await context.admit(chat.model, body: chat.body)
        let route = try router.route(chat.model)
        if let (family, name) = route.media {
            context.decision?.serving(provider: family.provider(of: name), model: MediaRegistry.upstreamModel(name))
            return try await media.complete(chat, family: family, model: name, request: request, principal: context.principal, decision: context.decision)
        }
        if case .admin = route {
            guard context.principal.isAdmin else { throw GatewayError.adminOnly("admin/magic") }
            let text = MediaPrompt(messages: chat.body["messages"]?.arrayValue ?? []).text
            return ToolChatRenderer(model: chat.model).answer(try await admin.run(AdminCommand.parse(text)), stream: chat.stream)
        }
        if let definition = planner.mediaRoute(route) {
            let messages = chat.body["messages"]?.arrayValue ?? []
            let started = try await MediaRouteStarter(planner: planner, maxTargets: dispatcher.maxTargets).start(definition, decision: context.decision) { family, name in
                try await media.start(messages: messages, family: family, model: name, displayModel: chat.model, principal: context.principal, decision: context.decision)
            }
            return try await media.answer(chat, started: started, request: request)
        }
        guard let plan = planner.textPlan(route, body: chat.body) else { throw router.unavailable(chat.model) }
        if let route = plan.route { context.decision?.routed(through: route.name) }
        if let loop = tools.loop(requested: chat.body["tools"]?.arrayValue != nil, dispatcher: dispatcher, plan: plan, principal: context.principal, headers: request.headers) {
            return try await completeWithTools(loop, chat: chat, request: request, principal: context.principal, decision: context.decision)
        }
        let reply = try await dispatcher.open(chat, plan: plan, principal: context.principal, decision: context.decision)
        let saver = chat.store ? saver(for: chat, principal: context.principal) : nil
        if chat.stream {
            var storeCapture: (@Sendable (ChatCompletionCapture) async throws -> Void)?
            if let saver { storeCapture = { capture in try await saver(capture.completion) } }
            let keep = storeCapture
            let (cost, decision) = (UsageCost(prices: planner.prices), context.decision)
            return SSEResponse.make(request: request, watchInbound: false) { writer in
                var relay = ChatStreamRelay(
                    capture: keep.map { _ in ChatCompletionCapture(model: chat.model) }, store: keep, pricing: { cost.priced(usage: $0, decision: decision) },
                    clientWantsUsage: chat.includeUsage)
                try await relay.relay(reply, to: &writer)
            }
        }
        let (document, usage) = pricedUsage(of: reply.whole!, decision: context.decision)
        if let saver { return try await Self.storeWhole(try document ?? JSONDocument(bytes: reply.whole!), usage: usage, model: chat.model, saver: saver) }
        guard let document, let usage else { return Self.forward(reply) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document.splicing(replacing: ["usage": usage])))
    }

    /// A whole completion's `usage` with its cost (SPEC §13), found by a byte scan before anything is parsed;
    /// the tokens go to the ledger's notes.
    func pricedUsage(of whole: ByteBuffer, decision: DecisionRecord?) -> (JSONDocument?, JSONValue?) {
        guard whole.withUnsafeReadableBytes({ UTF8Search.contains("\"usage\"", in: $0) }), let document = try? JSONDocument(bytes: whole),
              let usage = document.value["usage"] else { return (nil, nil) }
        return (document, UsageCost(prices: planner.prices).priced(usage: usage, decision: decision))
    }

    /// Keeps a finished completion (its `id` and `created` are Prism's) with the messages it answered.
    func saver(for chat: ChatRequest, principal: Principal) -> @Sendable (JSONValue) async throws -> Void {
        let store = self.store
        let messages = chat.body["messages"] ?? []
        return { completion in
            try await store.save(
                id: completion["id"]?.stringValue ?? Identifier.make("chatcmpl"), principal: principal.id, model: chat.model,
                createdAt: completion["created"]?.intValue ?? 0, completion: completion, messages: messages)
        }
    }

    /// A non-streaming answer to store (it must be kept before it is sent), given Prism's id: spliced in,
    /// the rest sent as the upstream wrote it.
    private static func storeWhole(
        _ document: JSONDocument, usage: JSONValue?, model: String, saver: @Sendable (JSONValue) async throws -> Void
    ) async throws -> Response {
        var json = document.value
        if let usage { json["usage"] = usage }
        var capture = ChatCompletionCapture(model: model)
        var delta = json
        delta["choices"] = .array((json["choices"]?.arrayValue ?? []).map { choice in
            var choice = choice
            choice["delta"] = choice["message"]
            return choice
        })
        _ = capture.rewrite(chunk: delta.serialized())
        try await saver(capture.completion)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document.splicing(replacing: [("id", .string(capture.id))] + (usage.map { [("usage", $0)] } ?? []), removing: [])))
    }

    /// A non-streaming answer as the upstream sent it: read whole and checked by the dispatcher, so the
    /// client never gets a status line for an answer that then breaks off.
    static func forward(_ reply: UpstreamReply) -> Response {
        Response(status: .ok, headers: [.contentType: reply.contentType ?? "application/json"], body: .init(byteBuffer: reply.whole!))
    }
}
