import PrismShared

/// Builds an Anthropic Message from chat chunks as they arrive: content blocks (thinking, text, tool_use)
/// one after the other, with their streaming events. Per request, never shared.
struct MessageBuilder: AnswerBuilder {
    /// One streaming event: its `event:` name and its data.
    struct Event: Sendable {
        let name: String
        let data: JSONValue
    }

    let id: String
    let model: String
    /// Finished and open blocks, by index; `texts` holds what each has accumulated.
    private var blocks: [JSONValue] = []
    private var texts: [String] = []
    private var openBlock: Int?
    /// Which block each chat tool-call index became.
    private var toolBlocks: [Int: Int] = [:]
    private var finishReason: String?
    /// The tokens the upstream reported, for the answer and the ledger.
    private(set) var usage: ChatChunk.Usage?

    init(model: String, id: String = Identifier.make("msg")) {
        self.model = model
        self.id = id
    }

    /// `message_start` and a first `ping`.
    func start() -> [Event] {
        var message = snapshot()
        message["content"] = []
        message["stop_reason"] = .null
        return [Event(name: "message_start", data: ["type": "message_start", "message": message])] + keepAlive
    }

    mutating func consume(_ chunk: ChatChunk) -> [Event] {
        var events: [Event] = []
        if let thinking = chunk.reasoning, !thinking.isEmpty {
            events += ensureOpen("thinking") { ["type": "thinking", "thinking": "", "signature": ""] }
            events.append(append(thinking, delta: ["type": "thinking_delta", "thinking": .string(thinking)]))
        }
        if let text = chunk.content, !text.isEmpty {
            events += ensureOpen("text") { ["type": "text", "text": ""] }
            events.append(append(text, delta: ["type": "text_delta", "text": .string(text)]))
        }
        for call in chunk.toolCalls {
            if let block = toolBlocks[call.index] {
                texts[block] += call.arguments
                if block == openBlock, !call.arguments.isEmpty {
                    events.append(Event(name: "content_block_delta", data: [
                        "type": "content_block_delta", "index": JSONValue(block), "delta": ["type": "input_json_delta", "partial_json": .string(call.arguments)],
                    ]))
                }
                continue
            }
            events += closeOpen()
            let block: JSONValue = ["type": "tool_use", "id": .string(call.id ?? Identifier.make("toolu")), "name": .string(call.name ?? ""), "input": [:]]
            events += open(block)
            toolBlocks[call.index] = blocks.count - 1
            if !call.arguments.isEmpty { events.append(append(call.arguments, delta: ["type": "input_json_delta", "partial_json": .string(call.arguments)])) }
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let usage = chunk.usage { self.usage = usage }
        return events
    }

    /// A tool-loop event: the gateway's own tool calls show as thinking lines; calls of the client's tools
    /// become `tool_use` blocks.
    mutating func apply(_ event: ToolLoopEvent) -> [Event] {
        switch event {
        case .chunk(let chunk): return consume(chunk)
        case .toolStarted(_, _, let line, _): return consume(ChatChunk(reasoning: line + "\n"))
        case .toolFinished(_, _, let result): return consume(ChatChunk(reasoning: result.summary + "\n"))
        case .clientToolCalls(let calls): return consume(ChatChunk(toolCalls: calls))
        }
    }

    var keepAlive: [Event] { [Event(name: "ping", data: ["type": "ping"])] }

    /// Closes the open block and returns the closing events and the final message.
    mutating func finish() -> (events: [Event], message: JSONValue) {
        var events = closeOpen()
        let message = snapshot()
        events.append(Event(name: "message_delta", data: [
            "type": "message_delta", "delta": ["stop_reason": message["stop_reason"] ?? .null, "stop_sequence": .null],
            "usage": ["output_tokens": JSONValue(usage?.output ?? 0)],
        ]))
        events.append(Event(name: "message_stop", data: ["type": "message_stop"]))
        return (events, message)
    }

    private mutating func ensureOpen(_ type: String, _ make: () -> JSONValue) -> [Event] {
        if let openBlock, blocks[openBlock]["type"]?.stringValue == type { return [] }
        return closeOpen() + open(make())
    }

    private mutating func open(_ block: JSONValue) -> [Event] {
        blocks.append(block)
        texts.append("")
        openBlock = blocks.count - 1
        return [Event(name: "content_block_start", data: ["type": "content_block_start", "index": JSONValue(blocks.count - 1), "content_block": block])]
    }

    private mutating func append(_ text: String, delta: JSONValue) -> Event {
        texts[openBlock!] += text
        return Event(name: "content_block_delta", data: ["type": "content_block_delta", "index": JSONValue(openBlock!), "delta": delta])
    }

    private mutating func closeOpen() -> [Event] {
        guard let index = openBlock else { return [] }
        openBlock = nil
        return [Event(name: "content_block_stop", data: ["type": "content_block_stop", "index": JSONValue(index)])]
    }

    /// The Message object as it stands.
    func snapshot() -> JSONValue {
        let content: [JSONValue] = blocks.indices.map { index in
            var block = blocks[index]
            switch block["type"]?.stringValue {
            case "thinking": block["thinking"] = .string(texts[index])
            case "text": block["text"] = .string(texts[index])
            default: block["input"] = (try? JSONValue.parse(texts[index].isEmpty ? "{}" : texts[index])) ?? [:]
            }
            return block
        }
        let stopReason: JSONValue
        switch finishReason {
        case nil: stopReason = .null
        case "length": stopReason = "max_tokens"
        case "tool_calls", "function_call": stopReason = "tool_use"
        case "content_filter": stopReason = "refusal"
        default: stopReason = "end_turn"
        }
        return [
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(model), "content": .array(content),
            "stop_reason": stopReason, "stop_sequence": .null,
            "usage": ["input_tokens": JSONValue(usage?.input ?? 0), "output_tokens": JSONValue(usage?.output ?? 0)],
        ]
    }
}
