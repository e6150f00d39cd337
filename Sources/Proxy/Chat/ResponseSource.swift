/// Where a response's content comes from: one upstream answer, or the tool loop over several.
enum ResponseSource: Sendable {
    case reply(UpstreamReply)
    case loop(ToolLoop, ChatRequest, first: UpstreamReply)

    /// Feeds everything into `builder`, handing each step's events to `emit` as they happen.
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
        }
    }
}
