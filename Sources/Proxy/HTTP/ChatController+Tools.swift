import Hummingbird
import NIOCore
import PrismShared

extension ChatController {
    /// A chat request with server tools: the gateway runs the tool loop and renders it as chat chunks or
    /// one completion. The first round is opened before the answer starts, so its failure is an HTTP error.
    func completeWithTools(_ loop: ToolLoop, chat: ChatRequest, request: Request, principal: Principal, decision: DecisionRecord?) async throws -> Response {
        let messages = chat.body["messages"]?.arrayValue ?? []
        let first = try await dispatcher.open(try loop.stepRequest(chat, messages: messages, step: 0), plan: loop.plan, principal: principal, decision: decision)
        let renderer = ToolChatRenderer(model: chat.model)
        let save = chat.store ? saver(for: chat, principal: principal) : nil
        guard chat.stream else {
            var collector = ToolChatCollector()
            let outcome = try await loop.run(chat, first: first) { collector.add($0) }
            var completion = collector.completion(renderer, outcome: outcome)
            completion["usage"] = pricedUsage(outcome.usage, decision: decision)
            try await save?(completion)
            return JSONResponse.make(completion)
        }
        return SSEResponse.make(request: request) { writer in
            func send(_ chunks: [JSONValue]) async throws {
                var out = ByteBuffer()
                for chunk in chunks { ServerSentEvent(data: chunk.serialized()).write(to: &out) }
                try await writer.write(out)
            }
            try await send([renderer.chunk(["role": "assistant", "content": ""])])
            var collector = ToolChatCollector()
            do {
                let outcome = try await loop.run(chat, first: first) { event in
                    collector.add(event)
                    try await send([renderer.chunk(ToolChatRenderer.delta(for: event))])
                }
                var closing: [JSONValue] = []
                if !outcome.citations.isEmpty {
                    closing.append(renderer.chunk(["annotations": ToolChatRenderer.annotations(outcome.citations, textLength: collector.content.count)]))
                }
                closing.append(renderer.chunk([:], finish: outcome.finishReason))
                var completion = collector.completion(renderer, outcome: outcome)
                completion["usage"] = pricedUsage(outcome.usage, decision: decision)
                if chat.includeUsage {
                    var usage = renderer.chunk([:])
                    usage["choices"] = []
                    usage["usage"] = completion["usage"]
                    closing.append(usage)
                }
                try await save?(completion)
                try await send(closing)
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                var out = ByteBuffer()
                let failure = (error as? GatewayError) ?? GatewayError.upstream(AttemptFailure.midStream(provider: first.provider, error))
                failure.writeFrame(to: &out)
                try await writer.write(out)
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
        }
    }

    /// The tool loop's summed usage, noted for the ledger and with its cost when priced (SPEC §13).
    private func pricedUsage(_ usage: ChatChunk.Usage?, decision: DecisionRecord?) -> JSONValue {
        let object = ToolChatRenderer.usage(usage)
        return UsageCost(prices: planner.prices).priced(usage: object, decision: decision) ?? object
    }
}
