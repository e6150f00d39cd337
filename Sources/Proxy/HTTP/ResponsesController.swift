import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Storage

/// `POST /v1/responses`: the Responses API for every text provider, translated to chat completions and
/// stored in SQLite unless `store` is false.
struct ResponsesController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let planner: RoutePlanner
    let store: any ResponseStore
    let tools: ToolAccess
    let media: MediaChatHandler
    let admin: AdminConsole
    let maxBodyBytes: Int
    /// Where `background: true` responses run (SPEC §15).
    let background: BackgroundResponses

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/responses", use: create)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let parsed = try ResponsesRequest(json: try await request.jsonBody(limit: maxBodyBytes))
        if let url = parsed.webhookURL { try await JobsController.checkWebhookURL(url, fetcher: media.registry.fetcher) }
        try await context.admit(parsed.model, body: parsed.body)
        let route = try router.route(parsed.model)
        let history = try await self.history(before: parsed.previousResponseID, principal: context.principal)
        let recorder = ResponseRecorder(store: store, principal: context.principal.id, request: parsed, usage: context.decision?.usage)
        let builder = ResponseBuilder(request: parsed)
        let source: AnswerSource
        var provider = parsed.model
        let mediaRoute = planner.mediaRoute(route)
        if route.media != nil || mediaRoute != nil {
            let earlier = history.reversed().lazy.compactMap { item -> String? in
                guard item["role"] == "assistant" else { return nil }
                let text = item["content"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
                return MediaPrompt.mediaLink(in: text)
            }.first
            let messages = ResponsesTranslation.messages(from: parsed.inputItems)
            let (principal, decision) = (context.principal, context.decision)
            let start = { (family: MediaFamily, name: String) async throws -> MediaChatHandler.Start in
                try await media.start(
                    messages: messages, family: family, model: name, displayModel: parsed.model,
                    principal: principal, decision: decision, earlierImage: earlier, waiting: parsed.store ? builder.id : nil,
                    // Stored before the job starts, so a job that outlives its client (or this process) has a response to complete.
                    beforeJob: { try await recorder.save(builder.snapshot(status: "in_progress"), outputText: "") })
            }
            let started: MediaChatHandler.Start
            if let mediaRoute {
                started = try await MediaRouteStarter(planner: planner, maxTargets: dispatcher.maxTargets).start(mediaRoute, decision: context.decision, start)
            } else {
                let (family, name) = route.media!
                context.decision?.serving(provider: family.provider(of: name), model: MediaRegistry.upstreamModel(name))
                started = try await start(family, name)
            }
            source = .media(started, media, model: parsed.model)
        } else if case .admin = route {
            guard context.principal.isAdmin else { throw GatewayError.adminOnly("admin/magic") }
            let text = MediaPrompt(messages: ResponsesTranslation.messages(from: parsed.inputItems)).text
            source = .text(try await admin.run(AdminCommand.parse(text)))
        } else {
            let chat = try ResponsesTranslation.chatRequest(for: parsed, history: history)
            guard let plan = planner.textPlan(route, body: chat.body) else { throw router.unavailable(parsed.model) }
            if let route = plan.route { context.decision?.routed(through: route.name) }
            source = try await .text(
                chat, toolsRequested: parsed.body["tools"]?.arrayValue != nil,
                tools: tools, dispatcher: dispatcher, plan: plan, principal: context.principal, headers: request.headers, decision: context.decision)
            provider = source.provider(or: provider)
        }
        let jobHeader: HTTPFields = source.jobID.map { [.prismJobID: $0] } ?? [:]
        let answering = provider
        if parsed.background {
            let queued = try await background.start(source, builder: builder, recorder: recorder, provider: answering, webhookURL: parsed.webhookURL, record: context.decision)
            guard parsed.stream else {
                var answer = JSONResponse.make(queued)
                answer.headers.append(contentsOf: jobHeader)
                return answer
            }
            return ResponseEventStream(background: background).response(builder.id, scope: Scope(context.principal), after: nil, request: request)
        }
        if parsed.stream {
            return SSEResponse.make(request: request, extraHeaders: jobHeader, watchInbound: !source.isRelay) { writer in
                try await Self.stream(source, builder: builder, recorder: recorder, provider: answering, to: &writer)
            }
        }
        var collected = builder
        var failure: String?
        var mediaFailure: GatewayError?
        do {
            try await source.drive(&collected) { _ in }
        } catch where !(error is CancellationError) {
            failure = (error as? GatewayError)?.message ?? AttemptFailure.midStream(provider: provider, error)
            if source.jobID != nil { mediaFailure = error as? GatewayError }
        }
        let response = collected.finish(failure: failure).response
        // Written once, for the row and for the client.
        let text = response.serialized()
        try await recorder.save(response, text: text, outputText: collected.outputText)
        if let mediaFailure { throw mediaFailure }
        var answer = Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        answer.headers.append(contentsOf: jobHeader)
        return answer
    }

    /// The items of the chain that `previousID` ends, oldest first; a 404 when it is not the caller's.
    private func history(before previousID: String?, principal: Principal) async throws -> [JSONValue] {
        guard let previousID else { return [] }
        guard let chain = try await store.chain(endingAt: previousID, scope: Scope(principal)) else {
            throw GatewayError.notFound(
                "There is no response \(previousID) to continue: use the id of one of your stored responses.",
                code: "response_not_found", param: "previous_response_id")
        }
        return chain.flatMap { $0.inputItems + ($0.object["output"]?.arrayValue ?? []) }
    }

    /// Relays the answer as Responses events. The response is stored before its last events are sent, so
    /// an answer the client saw complete is never lost; one cut short is stored as incomplete (the client
    /// went away: cancelled, or a write failed) or failed (the upstream broke).
    static func stream(
        _ source: AnswerSource, builder: ResponseBuilder, recorder: ResponseRecorder, provider: String,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        struct ClientGone: Error {}
        var builder = builder
        var encoder = ResponsesEventEncoder()
        func send(_ events: [ResponseEvent]) async throws {
            do {
                try await writer.write(events.isEmpty ? ByteBuffer(string: ": keep-alive\n\n") : encoder.encode(events))
            } catch {
                throw ClientGone()
            }
        }
        var failure: String?
        do {
            try await send(builder.start())
            try await source.drive(&builder) { events in try await send(events) }
        } catch {
            if Task.isCancelled || error is CancellationError || error is ClientGone {
                let (_, response) = builder.finish(interrupted: true)
                let text = builder.outputText
                // The request's task may be cancelled; the save runs in its own task so it still happens.
                await Task { try? await recorder.save(response, outputText: text) }.value
                throw CancellationError()
            }
            failure = (error as? GatewayError)?.message ?? AttemptFailure.midStream(provider: provider, error)
        }
        let (closing, response) = builder.finish(failure: failure)
        try await recorder.save(response, outputText: builder.outputText)
        try await send(closing + [ResponseItemEvents.final(response)])
    }
}

/// Stores a finished response with the request's input items (when the request asked to store).
struct ResponseRecorder: Sendable {
    let store: any ResponseStore
    let principal: String
    let request: ResponsesRequest
    /// Every finished response passes here, stored or not: its usage goes to the ledger's notes.
    var usage: UsageNotes? = nil

    /// `webhookEvents` announce this state, in the same transaction.
    func save(_ response: JSONValue, text: String? = nil, outputText: String, webhookEvents: [WebhookEvent] = []) async throws {
        usage?.tokens(fromUsage: .of(response: response))
        guard request.store, let id = response["id"]?.stringValue else { return }
        let firstUserText = request.inputItems.first { $0["role"] == "user" }?["content"]?.arrayValue?
            .compactMap { $0["text"]?.stringValue }.joined(separator: " ") ?? ""
        var stored = NewStoredResponse(
            id: id, principal: principal, model: request.model, status: response["status"]?.stringValue ?? "completed",
            previousResponseID: request.previousResponseID, createdAt: response["created_at"]?.intValue ?? 0, object: response,
            inputItems: request.inputItems, preview: outputText, firstUserText: firstUserText, objectText: text)
        stored.webhookEvents = webhookEvents
        try await store.save(stored)
    }
}
