import PrismShared

/// Responses items to chat-completions messages and request fields: how every provider gets to speak
/// the Responses API.
enum ResponsesTranslation {
    /// Chat messages for a sequence of items (input items and earlier output items alike). Consecutive
    /// function calls become one assistant message with several `tool_calls`; reasoning is not sent back.
    static func messages(from items: [JSONValue]) -> [JSONValue] {
        var messages: [JSONValue] = []
        var pendingCalls: [JSONValue] = []
        func flushCalls() {
            guard !pendingCalls.isEmpty else { return }
            messages.append(["role": "assistant", "content": .null, "tool_calls": .array(pendingCalls)])
            pendingCalls = []
        }
        for item in items {
            switch item["type"]?.stringValue ?? "message" {
            case "function_call":
                pendingCalls.append([
                    "id": item["call_id"] ?? .null, "type": "function",
                    "function": ["name": item["name"] ?? .null, "arguments": item["arguments"] ?? "{}"],
                ])
            case "function_call_output":
                flushCalls()
                messages.append(["role": "tool", "tool_call_id": item["call_id"] ?? .null, "content": item["output"] ?? ""])
            case "message":
                flushCalls()
                messages.append(message(from: item))
            default:
                continue
            }
        }
        flushCalls()
        return messages
    }

    private static func message(from item: JSONValue) -> JSONValue {
        var role = item["role"]?.stringValue ?? "user"
        if role == "developer" { role = "system" }
        let parts = item["content"]?.arrayValue ?? []
        let hasImage = parts.contains { $0["type"] == "input_image" }
        if !hasImage {
            let text = parts.compactMap { $0["text"]?.stringValue ?? $0["refusal"]?.stringValue }.joined()
            return ["role": .string(role), "content": .string(text)]
        }
        let chatParts: [JSONValue] = parts.compactMap { part in
            // An uploaded file (`file_id`, SPEC §15) stands where a URL would; media jobs read it from the store.
            if part["type"] == "input_image", let url = part["image_url"] ?? part["file_id"] {
                var image: JSONValue = ["url": url]
                if let detail = part["detail"] { image["detail"] = detail }
                return ["type": "image_url", "image_url": image]
            }
            return part["text"].map { ["type": "text", "text": $0] }
        }
        return ["role": .string(role), "content": .array(chatParts)]
    }

    /// The chat-completions request for a Responses request, `history` being the items of the chain it
    /// continues. Prism always streams from the upstream, so one path serves both answer styles.
    static func chatRequest(for request: ResponsesRequest, history: [JSONValue]) throws(GatewayError) -> ChatRequest {
        var messages: [JSONValue] = []
        if let instructions = request.instructions { messages.append(["role": "system", "content": .string(instructions)]) }
        messages += Self.messages(from: history + request.inputItems)
        var chat: JSONValue = [
            "model": .string(request.model), "messages": .array(messages), "stream": true,
            "stream_options": ["include_usage": true],
        ]
        let body = request.body
        for field in ["temperature", "top_p", "user", "parallel_tool_calls", "seed"] {
            if let value = body[field], !value.isNull { chat[field] = value }
        }
        if let maximum = body["max_output_tokens"], !maximum.isNull { chat["max_tokens"] = maximum }
        let tools = (body["tools"]?.arrayValue ?? []).compactMap(chatTool)
        if !tools.isEmpty { chat["tools"] = .array(tools) }
        if let choice = body["tool_choice"], !choice.isNull, !tools.isEmpty {
            if let name = choice["name"]?.stringValue {
                chat["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            } else {
                chat["tool_choice"] = choice
            }
        }
        if let format = body["text"]?["format"], format["type"] == "json_schema" {
            chat["response_format"] = [
                "type": "json_schema",
                "json_schema": ["name": format["name"] ?? "response", "schema": format["schema"] ?? [:], "strict": format["strict"] ?? false],
            ]
        } else if body["text"]?["format"]?["type"] == "json_object" {
            chat["response_format"] = ["type": "json_object"]
        }
        return try ChatRequest(json: chat)
    }

    /// A Responses function tool as a chat tool; built-in tool types are left to the tools module.
    private static func chatTool(_ tool: JSONValue) -> JSONValue? {
        guard tool["type"] == "function", let name = tool["name"] else { return nil }
        var function: JSONValue = ["name": name]
        if let description = tool["description"] { function["description"] = description }
        function["parameters"] = tool["parameters"] ?? ["type": "object", "properties": [:]]
        if let strict = tool["strict"], !strict.isNull { function["strict"] = strict }
        return ["type": "function", "function": function]
    }
}
