import Foundation
import Hummingbird
import NIOCore
import PrismShared
import Tools

/// Renders a tool loop as chat completions: chunks for a stream, or one completion. Tool progress shows
/// as `reasoning_content` lines; search results become `url_citation` annotations.
struct ToolChatRenderer: Sendable {
    let id = Identifier.make("chatcmpl")
    let created = Int(Date().timeIntervalSince1970)
    let model: String

    func chunk(_ delta: JSONValue, finish: String? = nil) -> JSONValue {
        [
            "id": .string(id), "object": "chat.completion.chunk", "created": JSONValue(created), "model": .string(model),
            "choices": [["index": 0, "delta": delta, "finish_reason": JSONValue(finish)]],
        ]
    }

    /// A whole text answer (help texts, admin answers) as one completion or a short stream.
    func answer(_ text: String, stream: Bool) -> Response {
        guard stream else {
            let completion: JSONValue = [
                "id": .string(id), "object": "chat.completion", "created": JSONValue(created), "model": .string(model),
                "choices": [["index": 0, "message": ["role": "assistant", "content": .string(text)], "finish_reason": "stop"]],
                "usage": ["prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0],
            ]
            return JSONResponse.make(completion)
        }
        var out = ByteBuffer()
        for chunk in [chunk(["role": "assistant", "content": ""]), chunk(["content": .string(text)]), chunk([:], finish: "stop")] {
            ServerSentEvent(data: chunk.serialized()).write(to: &out)
        }
        out.writeString("data: [DONE]\n\n")
        return Response(status: .ok, headers: SSEResponse.headers, body: .init(byteBuffer: out))
    }

    /// The delta that shows one loop event.
    static func delta(for event: ToolLoopEvent) -> JSONValue {
        switch event {
        case .chunk(let chunk):
            var delta: JSONValue = [:]
            if let content = chunk.content { delta["content"] = .string(content) }
            if let reasoning = chunk.reasoning { delta["reasoning_content"] = .string(reasoning) }
            return delta
        case .toolStarted(_, _, let line, _):
            return ["reasoning_content": .string(line + "\n")]
        case .toolFinished(_, _, let result):
            return ["reasoning_content": .string(result.summary + "\n")]
        case .clientToolCalls(let calls):
            return ["tool_calls": .array(calls.map(toolCall))]
        }
    }

    static func toolCall(_ call: ChatChunk.ToolCallDelta) -> JSONValue {
        ["index": JSONValue(call.index), "id": JSONValue(call.id), "type": "function", "function": ["name": JSONValue(call.name), "arguments": .string(call.arguments)]]
    }

    static func annotations(_ citations: [ToolCitation], textLength: Int) -> JSONValue {
        var seen = Set<String>()
        return .array(citations.filter { seen.insert($0.url).inserted }.map { citation in
            [
                "type": "url_citation",
                "url_citation": ["url": .string(citation.url), "title": .string(citation.title), "start_index": 0, "end_index": JSONValue(textLength)],
            ]
        })
    }

    static func usage(_ usage: ChatChunk.Usage?) -> JSONValue {
        guard let usage else { return .null }
        return ["prompt_tokens": JSONValue(usage.input), "completion_tokens": JSONValue(usage.output), "total_tokens": JSONValue(usage.total)]
    }

}

/// Collects a tool loop into one chat completion.
struct ToolChatCollector {
    var content = ""
    var reasoning = ""
    var toolCalls: [JSONValue] = []

    mutating func add(_ event: ToolLoopEvent) {
        let delta = ToolChatRenderer.delta(for: event)
        content += delta["content"]?.stringValue ?? ""
        reasoning += delta["reasoning_content"]?.stringValue ?? ""
        toolCalls += delta["tool_calls"]?.arrayValue ?? []
    }

    func completion(_ renderer: ToolChatRenderer, outcome: ToolLoopOutcome) -> JSONValue {
        var message: JSONValue = ["role": "assistant", "content": content.isEmpty && !toolCalls.isEmpty ? .null : .string(content)]
        if !reasoning.isEmpty { message["reasoning_content"] = .string(reasoning) }
        if !toolCalls.isEmpty { message["tool_calls"] = .array(toolCalls) }
        if !outcome.citations.isEmpty { message["annotations"] = ToolChatRenderer.annotations(outcome.citations, textLength: content.count) }
        return [
            "id": .string(renderer.id), "object": "chat.completion", "created": JSONValue(renderer.created), "model": .string(renderer.model),
            "choices": [["index": 0, "message": message, "finish_reason": .string(outcome.finishReason)]],
            "usage": ToolChatRenderer.usage(outcome.usage),
        ]
    }
}
