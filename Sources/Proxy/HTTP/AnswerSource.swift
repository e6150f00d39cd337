import Hummingbird

/// Where an answer's content comes from: one upstream answer, the tool loop over several, a media job,
/// or a text Prism wrote itself. The same for every surface that renders through a builder.
enum AnswerSource: Sendable {
    case reply(UpstreamReply)
    case loop(ToolLoop, ChatRequest, first: UpstreamReply)
    /// A media job: its progress as reasoning, its result as the message.
    case media(MediaChatHandler.Start, MediaChatHandler, model: String)
    /// An answer Prism wrote itself (`admin/magic`).
    case text(String)

    /// A text model's source: one upstream answer, or the tool loop when the request asked for tools.
    static func text(
        _ chat: ChatRequest, toolsRequested: Bool, tools: ToolAccess, dispatcher: ChatDispatcher, plan: DispatchPlan,
        principal: Principal, headers: HTTPFields, decision: DecisionRecord?
    ) async throws -> AnswerSource {
        if let loop = tools.loop(requested: toolsRequested, dispatcher: dispatcher, plan: plan, principal: principal, headers: headers) {
            let first = try await dispatcher.open(
                try loop.stepRequest(chat, messages: chat.body["messages"]?.arrayValue ?? [], step: 0), plan: plan, principal: principal, decision: decision)
            return .loop(loop, chat, first: first)
        }
        return .reply(try await dispatcher.open(chat, plan: plan, principal: principal, decision: decision))
    }

    /// The provider whose answer this is, for the sentences of failures in the middle of it.
    func provider(or fallback: String) -> String {
        switch self {
        case .reply(let reply): return reply.provider
        case .loop(_, _, let first): return first.provider
        default: return fallback
        }
    }

    /// Feeds everything into `builder`, handing each step's events to `emit` as they happen.
    func drive<Builder: AnswerBuilder>(_ builder: inout Builder, emit: ([Builder.Event]) async throws -> Void) async throws {
        switch self {
        case .reply(let reply):
            let keepAlive = builder.keepAlive
            try await reply.forEachChunk({ chunk in
                let events = builder.consume(chunk)
                if !events.isEmpty { try await emit(events) }
            }, keepAlive: { try await emit(keepAlive) })
        case .loop(let loop, let request, let first):
            let outcome = try await loop.run(request, first: first) { event in
                let events = builder.apply(event)
                if !events.isEmpty { try await emit(events) }
            }
            _ = builder.consume(ChatChunk(finishReason: outcome.finishReason, usage: outcome.usage))
        case .media(let start, let handler, let model):
            let keepAlive = builder.keepAlive
            try await handler.chunks(of: start, model: model, emit: { chunk in try await emit(builder.consume(chunk)) }, keepAlive: { try await emit(keepAlive) })
        case .text(let text):
            try await emit(builder.consume(ChatChunk(content: text, finishReason: "stop")))
        }
    }

    /// The answer of one upstream request, relayed event by event: its stream keeps the connection open
    /// (`SSEResponse.make(watchInbound: false)`); the others may be silent for long and watch the inbound side.
    var isRelay: Bool {
        if case .reply = self { return true }
        return false
    }

    /// The job id a media source runs under, for the `X-Prism-Job-Id` header.
    var jobID: String? {
        if case .media(.job(let job, _, _, _, _, _), _, _) = self { return job.id }
        return nil
    }
}
