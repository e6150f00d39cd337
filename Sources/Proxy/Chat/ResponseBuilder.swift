import Foundation
import PrismShared
import Tools

/// Builds a Responses answer from chat chunks as they arrive: output items (reasoning, message, function
/// calls) with their streaming events, then the final response object. Per request, never shared.
struct ResponseBuilder: AnswerBuilder {
    let id: String
    let createdAt: Int
    let request: ResponsesRequest
    /// Items as opened (without their accumulated text), by output index.
    private var items: [JSONValue] = []
    /// Accumulated text (message), summary (reasoning) or arguments (function call), by output index.
    private var texts: [String] = []
    private var closed: [Bool] = []
    private var openMessage: Int?
    private var openReasoning: Int?
    private var openCalls: [Int: Int] = [:]
    private var usage: ChatChunk.Usage?
    private var finishReason: String?
    /// Server tool calls, by call id, to the output index of their item.
    private var toolItems: [String: Int] = [:]
    private var citations: [ToolCitation] = []

    init(request: ResponsesRequest, id: String = Identifier.make("resp"), createdAt: Int = Int(Date().timeIntervalSince1970)) {
        self.request = request
        self.id = id
        self.createdAt = createdAt
    }

    /// `response.created` and `response.in_progress`.
    func start() -> [ResponseEvent] {
        let response = snapshot(status: "in_progress")
        return [ResponseEvent("response.created", ["response": response]), ResponseEvent("response.in_progress", ["response": response])]
    }

    mutating func consume(_ chunk: ChatChunk) -> [ResponseEvent] {
        var events: [ResponseEvent] = []
        if let reasoning = chunk.reasoning, !reasoning.isEmpty {
            if openReasoning == nil {
                events += close(openMessage)
                openReasoning = open(["id": .string(Identifier.make("rs")), "type": "reasoning", "summary": []], events: &events)
            }
            events.append(append(reasoning, to: openReasoning!))
        }
        if let content = chunk.content, !content.isEmpty {
            if openMessage == nil {
                events += close(openReasoning)
                let item: JSONValue = ["id": .string(Identifier.make("msg")), "type": "message", "status": "in_progress", "role": "assistant", "content": []]
                openMessage = open(item, events: &events)
            }
            events.append(append(content, to: openMessage!))
        }
        for call in chunk.toolCalls {
            if openCalls[call.index] == nil {
                events += close(openReasoning)
                events += close(openMessage)
                let item: JSONValue = [
                    "id": .string(Identifier.make("fc")), "type": "function_call", "status": "in_progress",
                    "call_id": .string(call.id ?? Identifier.make("call")), "name": .string(call.name ?? ""), "arguments": "",
                ]
                openCalls[call.index] = open(item, events: &events)
            }
            if !call.arguments.isEmpty { events.append(append(call.arguments, to: openCalls[call.index]!)) }
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let usage = chunk.usage { self.usage = usage }
        return events
    }

    mutating func apply(_ event: ToolLoopEvent) -> [ResponseEvent] {
        switch event {
        case .chunk(let chunk): return consume(chunk)
        case .toolStarted(let callID, let kind, _, let arguments): return toolStarted(callID: callID, kind: kind, arguments: arguments)
        case .toolFinished(let callID, _, let result): return toolFinished(callID: callID, result: result)
        case .clientToolCalls(let calls): return consume(ChatChunk(toolCalls: calls))
        }
    }

    /// Responses has no keep-alive event: an empty list, which the stream sends as an SSE comment.
    var keepAlive: [ResponseEvent] { [] }

    /// A server tool call began: a `web_search_call` or `code_interpreter_call` item opens.
    mutating func toolStarted(callID: String, kind: ToolKind, arguments: JSONValue) -> [ResponseEvent] {
        var events = close(openReasoning) + close(openMessage)
        let item: JSONValue
        switch kind {
        case .python:
            item = ["id": .string(Identifier.make("ci")), "type": "code_interpreter_call", "status": "in_progress",
                    "code": arguments["code"] ?? "", "container_id": "prism", "outputs": .null]
        case .webSearch:
            item = ["id": .string(Identifier.make("ws")), "type": "web_search_call", "status": "in_progress",
                    "action": ["type": "search", "query": arguments["query"] ?? ""]]
        case .webExtract:
            item = ["id": .string(Identifier.make("ws")), "type": "web_search_call", "status": "in_progress",
                    "action": ["type": "open_page", "url": arguments["urls"]?.arrayValue?.first ?? arguments["urls"] ?? .null]]
        }
        toolItems[callID] = open(item, events: &events)
        return events
    }

    /// A server tool call ended: its item completes (with the executor's logs for code), and its sources
    /// become citations of the answer.
    mutating func toolFinished(callID: String, result: ToolResult) -> [ResponseEvent] {
        citations += result.citations
        guard let index = toolItems[callID] else { return [] }
        if items[index]["type"] == "code_interpreter_call" {
            items[index]["outputs"] = [["type": "logs", "logs": .string(result.content)]]
        }
        if result.failed { items[index]["status"] = "failed" }
        return close(index)
    }

    /// Closes every open item and returns their closing events and the final response. `failure` marks it
    /// `failed`; `interrupted` (the client went away) marks it `incomplete`.
    mutating func finish(failure: String? = nil, interrupted: Bool = false) -> (closing: [ResponseEvent], response: JSONValue) {
        var events: [ResponseEvent] = []
        for index in items.indices where !closed[index] { events += close(index) }
        let response: JSONValue
        if let failure {
            response = snapshot(status: "failed", error: ["code": "upstream_failed", "message": .string(failure)])
        } else if interrupted {
            response = snapshot(status: "incomplete", incompleteReason: "interrupted")
        } else if finishReason == "length" {
            response = snapshot(status: "incomplete", incompleteReason: "max_output_tokens")
        } else if finishReason == "content_filter" {
            response = snapshot(status: "incomplete", incompleteReason: "content_filter")
        } else {
            response = snapshot(status: "completed")
        }
        return (events, response)
    }

    /// The answer's text so far, for list previews.
    var outputText: String {
        items.indices.filter { items[$0]["type"] == "message" }.map { texts[$0] }.joined()
    }

    private mutating func open(_ item: JSONValue, events: inout [ResponseEvent]) -> Int {
        items.append(item)
        texts.append("")
        closed.append(false)
        events += ResponseItemEvents.opening(item, at: items.count - 1)
        return items.count - 1
    }

    private mutating func append(_ text: String, to index: Int) -> ResponseEvent {
        texts[index] += text
        return ResponseItemEvents.delta(text, of: items[index], at: index)
    }

    private mutating func close(_ index: Int?) -> [ResponseEvent] {
        guard let index, !closed[index] else { return [] }
        closed[index] = true
        if openMessage == index { openMessage = nil }
        if openReasoning == index { openReasoning = nil }
        return ResponseItemEvents.closing(item(at: index, finished: true), at: index)
    }

    /// The item with its text, as it stands.
    private func item(at index: Int, finished: Bool) -> JSONValue {
        var item = items[index]
        let text = texts[index]
        switch item["type"]?.stringValue {
        case "message": item["content"] = text.isEmpty && !finished ? [] : [ResponseItemEvents.textPart(text, annotations: annotations(length: text.count))]
        case "reasoning": item["summary"] = [ResponseItemEvents.summaryPart(text)]
        case "function_call": item["arguments"] = .string(text)
        default: break
        }
        if item["status"] != nil, item["status"] != "failed" { item["status"] = finished ? "completed" : "in_progress" }
        return item
    }

    /// The sources of the tools that ran, once each, as `url_citation`s over the answer.
    private func annotations(length: Int) -> JSONValue {
        var seen = Set<String>()
        return .array(citations.filter { seen.insert($0.url).inserted }.map { citation in
            ["type": "url_citation", "url": .string(citation.url), "title": .string(citation.title), "start_index": 0, "end_index": JSONValue(length)]
        })
    }

    /// The response object in its current state; what is returned, stored and sent in events.
    func snapshot(status: String, error: JSONValue = .null, incompleteReason: String? = nil) -> JSONValue {
        let body = request.body
        func echo(_ key: String, _ fallback: JSONValue = .null) -> JSONValue { body[key].flatMap { $0.isNull ? nil : $0 } ?? fallback }
        var response: JSONValue = [
            "id": .string(id), "object": "response", "created_at": JSONValue(createdAt), "status": .string(status),
            "background": .bool(request.background), "error": error,
            "incomplete_details": incompleteReason.map { ["reason": .string($0)] } ?? .null,
            "instructions": echo("instructions"), "max_output_tokens": echo("max_output_tokens"), "model": .string(request.model),
            "output": .array(items.indices.map { item(at: $0, finished: closed[$0]) }),
            "parallel_tool_calls": echo("parallel_tool_calls", true), "previous_response_id": JSONValue(request.previousResponseID),
            "reasoning": ["effort": .null, "summary": .null], "store": .bool(request.store), "temperature": echo("temperature", 1),
            "text": echo("text", ["format": ["type": "text"]]), "tool_choice": echo("tool_choice", "auto"), "tools": echo("tools", []),
            "top_p": echo("top_p", 1), "truncation": "disabled", "usage": .null, "user": echo("user"), "metadata": echo("metadata", [:]),
        ]
        if let usage {
            response["usage"] = [
                "input_tokens": JSONValue(usage.input), "input_tokens_details": ["cached_tokens": JSONValue(usage.cached)],
                "output_tokens": JSONValue(usage.output), "output_tokens_details": ["reasoning_tokens": JSONValue(usage.reasoning)],
                "total_tokens": JSONValue(usage.total),
            ]
        }
        return response
    }
}
