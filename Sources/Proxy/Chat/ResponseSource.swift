/// Where a response's content comes from: one upstream answer, or the tool loop over several.
enum ResponseSource: Sendable {
    case reply(UpstreamReply)
    case loop(ToolLoop, ChatRequest, first: UpstreamReply)
    /// A media job: its progress as reasoning, its result as the message.
    case media(MediaChatHandler.Start, MediaChatHandler, model: String)
    /// An answer Prism wrote itself (`admin/magic`).
    case text(String)

    /// Feeds everything into `builder`, handing each step's events to `emit` as they happen. An empty list
    /// is a long quiet moment: a stream sends a keep-alive comment.
    func drive(_ builder: inout ResponseBuilder, emit: ([ResponseEvent]) async throws -> Void) async throws {
        switch self {
        case .reply(let reply):
            try await reply.forEachChunk { chunk in
                let events = builder.consume(chunk)
                if !events.isEmpty { try await emit(events) }
            }
        case .loop(let loop, let request, let first):
            let outcome = try await loop.run(request, first: first) { event in
                let events: [ResponseEvent]
                switch event {
                case .chunk(let chunk): events = builder.consume(chunk)
                case .toolStarted(let callID, let kind, _, let arguments): events = builder.toolStarted(callID: callID, kind: kind, arguments: arguments)
                case .toolFinished(let callID, _, let result): events = builder.toolFinished(callID: callID, result: result)
                case .clientToolCalls(let calls): events = builder.consume(ChatChunk(toolCalls: calls))
                }
                if !events.isEmpty { try await emit(events) }
            }
            _ = builder.consume(ChatChunk(finishReason: outcome.finishReason, usage: outcome.usage))
        case .media(let start, let handler, let model):
            try await handler.chunks(of: start, model: model, emit: { chunk in try await emit(builder.consume(chunk)) }, keepAlive: { try await emit([]) })
        case .text(let text):
            try await emit(builder.consume(ChatChunk(content: text, finishReason: "stop")))
        }
    }

    /// The job id a media source runs under, for the `X-Prism-Job-Id` header.
    var jobID: String? {
        if case .media(.job(let job, _, _, _, _), _, _) = self { return job.id }
        return nil
    }
}
