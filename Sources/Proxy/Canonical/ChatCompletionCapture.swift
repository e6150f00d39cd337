import Foundation
import NIOCore
import PrismShared

/// Follows a chat answer that is to be stored (`"store": true`): gives every chunk Prism's own id and
/// gathers the message, so the stored completion is what the client was sent.
struct ChatCompletionCapture: Sendable {
    let id: String
    let createdAt: Int
    private var model: String
    private var content = ""
    private var reasoning = ""
    private var toolCalls: [Int: (id: String, name: String, arguments: String)] = [:]
    private var finishReason: String?
    private var usage: JSONValue = .null

    init(model: String, id: String = Identifier.make("chatcmpl"), createdAt: Int = Int(Date().timeIntervalSince1970)) {
        self.model = model
        self.id = id
        self.createdAt = createdAt
    }

    /// One stream chunk with Prism's id spliced in (the rest as the upstream wrote it); its delta is
    /// remembered.
    mutating func rewrite(chunk data: String) -> String {
        guard let document = try? JSONDocument(text: data), case let json = document.value, json.objectValue != nil, json["error"] == nil else { return data }
        if let upstreamModel = json["model"]?.stringValue { model = upstreamModel }
        let chunk = ChatChunk(chunk: json)
        content += chunk.content ?? ""
        reasoning += chunk.reasoning ?? ""
        for call in chunk.toolCalls {
            var entry = toolCalls[call.index] ?? ("", "", "")
            if let callID = call.id { entry.id = callID }
            if let name = call.name { entry.name = name }
            entry.arguments += call.arguments
            toolCalls[call.index] = entry
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let given = json["usage"], !given.isNull { usage = given }
        return String(buffer: document.splicing(replacing: ["id": .string(id)]))
    }

    /// The completion as OpenAI stores it.
    var completion: JSONValue {
        var message: JSONValue = ["role": "assistant", "content": content.isEmpty && !toolCalls.isEmpty ? .null : .string(content)]
        if !reasoning.isEmpty { message["reasoning_content"] = .string(reasoning) }
        if !toolCalls.isEmpty {
            message["tool_calls"] = .array(toolCalls.keys.sorted().map { index in
                let call = toolCalls[index]!
                return ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
            })
        }
        return [
            "id": .string(id), "object": "chat.completion", "created": JSONValue(createdAt), "model": .string(model),
            "choices": [["index": 0, "message": message, "finish_reason": JSONValue(finishReason)]], "usage": usage,
        ]
    }
}
