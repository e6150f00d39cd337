import PrismShared
import Tools
import Tracing

/// What the tool loop tells the renderer of its surface, in order.
enum ToolLoopEvent: Sendable {
    /// Model text or reasoning, to show as it arrives.
    case chunk(ChatChunk)
    case toolStarted(callID: String, kind: ToolKind, line: String, arguments: JSONValue)
    case toolFinished(callID: String, kind: ToolKind, result: ToolResult)
    /// Calls of tools the client defined: the loop ends and the client runs them.
    case clientToolCalls([ChatChunk.ToolCallDelta])
}

/// How a loop ended.
struct ToolLoopOutcome: Sendable {
    let finishReason: String
    let usage: ChatChunk.Usage?
    let citations: [ToolCitation]
}

/// The model ⇄ tool loop (SPEC §7): server tools run here, results go back as `tool` messages, at most
/// `maxSteps` rounds; calls of client-defined tools end the loop and go to the client. All state is
/// local to one `run`.
struct ToolLoop: Sendable {
    let dispatcher: ChatDispatcher
    /// Every round goes through the same plan — a route's targets, skipping open circuits — so a route's
    /// fallback serves later rounds too, rather than pinning the provider of the first.
    let plan: DispatchPlan
    let principal: Principal
    let tools: [any Tool]
    let maxSteps: Int
    let maxResultCharacters: Int

    private struct PendingCall {
        var id = ""
        var name = ""
        var arguments = ""
    }

    /// The upstream request of one round: the client's body with the server tools added, streaming.
    func stepRequest(_ request: ChatRequest, messages: [JSONValue], step: Int) throws -> ChatRequest {
        var body = request.body
        let clientTools = body["tools"]?.arrayValue ?? []
        let clientNames = Set(clientTools.compactMap { $0["function"]?["name"]?.stringValue })
        body["tools"] = .array(clientTools + tools.filter { !clientNames.contains($0.definition.name) }.map(\.definition.chatTool))
        body["messages"] = .array(messages)
        body["stream"] = true
        body["stream_options"] = ["include_usage": true]
        if step >= maxSteps { body["tool_choice"] = "none" }
        return try ChatRequest(json: .object(body))
    }

    /// Runs the loop; `first` is the already opened first round (opened before anything was sent, so its
    /// failures are still HTTP errors).
    func run(_ request: ChatRequest, first: UpstreamReply, emit: (ToolLoopEvent) async throws -> Void) async throws -> ToolLoopOutcome {
        let clientNames = Set((request.body["tools"]?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue })
        var messages = request.body["messages"]?.arrayValue ?? []
        var usage: ChatChunk.Usage?
        var citations: [ToolCitation] = []
        var reply = first
        var step = 0
        while true {
            var calls: [Int: PendingCall] = [:]
            var text = ""
            var finish: String?
            try await reply.forEachChunk { chunk in
                if chunk.content != nil || chunk.reasoning != nil {
                    text += chunk.content ?? ""
                    try await emit(.chunk(ChatChunk(content: chunk.content, reasoning: chunk.reasoning)))
                }
                for delta in chunk.toolCalls {
                    var call = calls[delta.index] ?? PendingCall()
                    if let id = delta.id { call.id = id }
                    if let name = delta.name { call.name += name }
                    call.arguments += delta.arguments
                    calls[delta.index] = call
                }
                if let reason = chunk.finishReason { finish = reason }
                if let given = chunk.usage { usage = Self.add(usage, given) }
            }
            let ordered = calls.keys.sorted().map { calls[$0]! }
            if ordered.isEmpty || step >= maxSteps {
                return ToolLoopOutcome(finishReason: finish == "tool_calls" ? "stop" : finish ?? "stop", usage: usage, citations: citations)
            }
            let forClient = ordered.filter { clientNames.contains($0.name) }
            if !forClient.isEmpty {
                try await emit(.clientToolCalls(forClient.enumerated().map { index, call in
                    ChatChunk.ToolCallDelta(index: index, id: call.id.isEmpty ? Identifier.make("call") : call.id, name: call.name, arguments: call.arguments)
                }))
                return ToolLoopOutcome(finishReason: "tool_calls", usage: usage, citations: citations)
            }
            let named = ordered.map { call -> PendingCall in
                var call = call
                if call.id.isEmpty { call.id = Identifier.make("call") }
                return call
            }
            let results = try await execute(named, emit: emit)
            citations += results.flatMap(\.citations)
            messages.append([
                "role": "assistant", "content": text.isEmpty ? .null : .string(text),
                "tool_calls": .array(named.map { ["id": .string($0.id), "type": "function", "function": ["name": .string($0.name), "arguments": .string($0.arguments)]] }),
            ])
            for (call, result) in zip(named, results) {
                messages.append(["role": "tool", "tool_call_id": .string(call.id), "content": .string(result.content)])
            }
            step += 1
            reply = try await dispatcher.open(try stepRequest(request, messages: messages, step: step), plan: plan, principal: principal)
        }
    }

    /// Runs one round's server calls concurrently; a call of an unknown tool or with unreadable arguments
    /// gets a failure the model can read.
    private func execute(_ calls: [PendingCall], emit: (ToolLoopEvent) async throws -> Void) async throws -> [ToolResult] {
        let byName = Dictionary(tools.map { ($0.definition.name, $0) }, uniquingKeysWith: { first, _ in first })
        var prepared: [(tool: (any Tool)?, arguments: JSONValue?)] = []
        for call in calls {
            let tool = byName[call.name]
            let arguments = try? JSONValue.parse(call.arguments.isEmpty ? "{}" : call.arguments)
            prepared.append((tool, arguments?.objectValue != nil ? arguments : nil))
            if let tool {
                try await emit(.toolStarted(callID: call.id, kind: tool.definition.kind, line: tool.startLine(for: arguments ?? [:]), arguments: arguments ?? [:]))
            }
        }
        let names = byName.keys.sorted().joined(separator: ", ")
        let limit = maxResultCharacters
        // A failing tool's message may echo its key (Tavily's errors do); it goes to the model and the client.
        let redactor = dispatcher.redactor.adding(principal.ownKeys)
        var results = [ToolResult?](repeating: nil, count: calls.count)
        await withTaskGroup(of: (Int, ToolResult).self) { group in
            for (index, entry) in prepared.enumerated() {
                let name = calls[index].name
                group.addTask {
                    guard let tool = entry.tool else {
                        return (index, .failure("there is no tool \(name); the tools are \(names)"))
                    }
                    guard let arguments = entry.arguments else {
                        return (index, .failure("the arguments were not a JSON object; call \(name) again with valid JSON"))
                    }
                    var result = await AttemptSpan.tool(name) { await tool.call(arguments) }.bounded(to: limit)
                    if result.failed {
                        result.content = redactor.redact(result.content)
                        result.summary = redactor.redact(result.summary)
                    }
                    return (index, result)
                }
            }
            for await (index, result) in group { results[index] = result }
        }
        let finished = results.map { $0! }
        for (index, call) in calls.enumerated() {
            if let tool = prepared[index].tool {
                try await emit(.toolFinished(callID: call.id, kind: tool.definition.kind, result: finished[index]))
            }
        }
        return finished
    }

    static func add(_ total: ChatChunk.Usage?, _ more: ChatChunk.Usage) -> ChatChunk.Usage {
        guard let total else { return more }
        return ChatChunk.Usage(
            input: total.input + more.input, output: total.output + more.output, total: total.total + more.total,
            reasoning: total.reasoning + more.reasoning, cached: total.cached + more.cached)
    }
}
