import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared

/// The Anthropic Messages surface: `POST /v1/messages` and `POST /v1/messages/count_tokens`, over every
/// text provider through the canonical chat request. Its errors take Anthropic's shape (`ErrorMiddleware`).
struct MessagesController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let planner: RoutePlanner
    let tools: ToolAccess
    let media: MediaChatHandler
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/messages", use: create)
        router.post("/v1/messages/count_tokens", use: countTokens)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let parsed = try MessagesRequest(json: try await request.jsonBody(limit: maxBodyBytes))
        try await context.admit(parsed.model, body: parsed.chat.body)
        let route = try router.route(parsed.model)
        let source: AnswerSource
        var provider = parsed.model
        if let mediaRoute = planner.mediaRoute(route) {
            let messages = parsed.chat.body["messages"]?.arrayValue ?? []
            let started = try await MediaRouteStarter(planner: planner, maxTargets: dispatcher.maxTargets).start(mediaRoute, decision: context.decision) { family, name in
                try await media.start(messages: messages, family: family, model: name, displayModel: parsed.model, principal: context.principal, decision: context.decision)
            }
            source = .media(started, media, model: parsed.model)
        } else if let (family, name) = route.media {
            context.decision?.serving(provider: family.provider(of: name), model: MediaRegistry.upstreamModel(name))
            let started = try await media.start(
                messages: parsed.chat.body["messages"]?.arrayValue ?? [], family: family, model: name, displayModel: parsed.model, principal: context.principal, decision: context.decision)
            source = .media(started, media, model: parsed.model)
        } else {
            guard let plan = planner.textPlan(route, body: parsed.chat.body) else { throw router.unavailable(parsed.model) }
            if let route = plan.route { context.decision?.routed(through: route.name) }
            source = try await .text(
                parsed.chat, toolsRequested: parsed.toolsRequested, tools: tools, dispatcher: dispatcher, plan: plan,
                principal: context.principal, headers: request.headers, decision: context.decision)
            provider = source.provider(or: provider)
        }
        let builder = MessageBuilder(model: parsed.model)
        let answering = provider
        if parsed.stream {
            let notes = context.decision?.usage
            return SSEResponse.make(request: request, watchInbound: !source.isRelay) { writer in
                try await Self.stream(source, builder: builder, provider: answering, notes: notes, to: &writer)
            }
        }
        var collecting = builder
        do {
            try await source.drive(&collecting) { _ in }
        } catch let error as GatewayError {
            throw error
        } catch where !(error is CancellationError) {
            throw GatewayError.upstream(AttemptFailure.midStream(provider: provider, error))
        }
        context.decision?.usage.tokens(fromUsage: collecting.usage)
        return JSONResponse.make(collecting.finish().message)
    }

    static func stream(
        _ source: AnswerSource, builder: MessageBuilder, provider: String, notes: UsageNotes?, to writer: inout any ResponseBodyWriter
    ) async throws {
        var builder = builder
        try await writer.write(encode(builder.start()))
        do {
            defer { notes?.tokens(fromUsage: builder.usage) }
            try await source.drive(&builder) { events in try await writer.write(encode(events)) }
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            let message = (error as? GatewayError)?.message ?? AttemptFailure.midStream(provider: provider, error)
            try await writer.write(encode([MessageBuilder.Event(name: "error", data: AnthropicError.body(type: "api_error", message: message))]))
            return
        }
        try await writer.write(encode(builder.finish().events))
    }

    private static func encode(_ events: [MessageBuilder.Event]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for event in events { ServerSentEvent(event: event.name, data: event.data.serialized()).write(to: &buffer) }
        return buffer
    }

    /// An estimate, not a tokenizer: about four characters a token, plus a few tokens per message and
    /// tool. The `x-prism-token-count: estimate` header says so.
    @Sendable func countTokens(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        var json = try await request.jsonBody(limit: maxBodyBytes)
        if json["max_tokens"] == nil { json["max_tokens"] = 1 }
        let parsed = try MessagesRequest(json: json)
        let messages = parsed.chat.body["messages"]?.arrayValue?.count ?? 0
        let estimate = (parsed.countableText.utf8.count + 3) / 4 + 3 * messages + 1
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", HTTPField.Name("x-prism-token-count")!: "estimate"],
            body: .init(byteBuffer: (["input_tokens": JSONValue(estimate)] as JSONValue).byteBuffer()))
    }
}
