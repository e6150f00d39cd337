import Foundation
import PrismShared

/// A validated Anthropic Messages request (`POST /v1/messages`), translated to the canonical chat request.
/// Prism always streams from the upstream, so streaming and non-streaming answers share one path.
struct MessagesRequest: Sendable {
    let model: String
    let stream: Bool
    let chat: ChatRequest
    /// The request's text, for `count_tokens`.
    let countableText: String
    /// It carried a `tools` array, so the gateway's own tools may join in.
    let toolsRequested: Bool

    init(json: JSONValue) throws(GatewayError) {
        guard case .object(let body) = json else {
            throw .invalidRequest("The request body must be a JSON object, not \(json.typeName).", code: "invalid_json")
        }
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw .missingField("model", hint: "name a model such as groq/llama-3.1-8b-instant.")
        }
        self.model = model
        guard let maxTokens = body["max_tokens"] else {
            throw .missingField("max_tokens", hint: "the Messages API needs it: send e.g. \"max_tokens\": 1024.")
        }
        guard let maximum = maxTokens.intValue, maximum >= 1 else { throw .invalidField("max_tokens", "must be a whole number of at least 1") }
        // Anthropic's own range for temperature is 0 to 1.
        try NumericField.check(body, [.number("temperature", 0...1), .topP])
        stream = try Self.flag(body, "stream")
        var messages: [JSONValue] = []
        var text: [String] = []
        if let system = body["system"], !system.isNull {
            let systemText = try Self.systemText(system)
            messages.append(["role": "system", "content": .string(systemText)])
            text.append(systemText)
        }
        guard let given = body["messages"]?.arrayValue, !given.isEmpty else {
            throw .invalidField("messages", "must be a non-empty array of messages")
        }
        var toolUseIDs = Set<String>()
        for (index, message) in given.enumerated() {
            messages += try Self.translate(message, at: "messages[\(index)]", toolUseIDs: &toolUseIDs, text: &text)
        }
        var chat: JSONValue = [
            "model": .string(model), "messages": .array(messages), "stream": true, "stream_options": ["include_usage": true],
            "max_tokens": JSONValue(maximum),
        ]
        for field in ["temperature", "top_p"] {
            if let value = body[field], !value.isNull {
                guard value.doubleValue != nil else { throw .invalidField(field, "must be a number") }
                chat[field] = value
            }
        }
        if let stops = body["stop_sequences"], !stops.isNull {
            guard let list = stops.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { throw .invalidField("stop_sequences", "must be an array of strings") }
            if !list.isEmpty { chat["stop"] = stops }
        }
        if let user = body["metadata"]?["user_id"]?.stringValue { chat["user"] = .string(user) }
        toolsRequested = body["tools"]?.arrayValue != nil
        if let tools = body["tools"], !tools.isNull {
            guard let list = tools.arrayValue else { throw .invalidField("tools", "must be an array of tools") }
            // Anthropic's own server tools (`web_search_2025…`) are served by the gateway's tools instead.
            let custom = list.filter { ($0["type"]?.stringValue ?? "custom") == "custom" }
            let translated = try custom.enumerated().map { index, tool throws(GatewayError) in try Self.tool(tool, at: "tools[\(index)]") }
            if !translated.isEmpty { chat["tools"] = .array(translated) }
            text += list.map { $0.serialized() }
        }
        if let choice = body["tool_choice"], !choice.isNull {
            switch choice["type"]?.stringValue {
            case "auto": chat["tool_choice"] = "auto"
            case "any": chat["tool_choice"] = "required"
            case "none": chat["tool_choice"] = "none"
            case "tool":
                guard let name = choice["name"]?.stringValue else { throw .invalidField("tool_choice.name", "must name the tool") }
                chat["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            default: throw .invalidField("tool_choice.type", "must be auto, any, tool or none")
            }
            if choice["disable_parallel_tool_use"] == true { chat["parallel_tool_calls"] = false }
        }
        self.chat = try ChatRequest(json: chat)
        countableText = text.joined(separator: "\n")
    }

    private static func flag(_ body: JSONObject, _ name: String) throws(GatewayError) -> Bool {
        guard let value = body[name], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw .invalidField(name, "must be true or false") }
        return flag
    }

    private static func systemText(_ system: JSONValue) throws(GatewayError) -> String {
        if let text = system.stringValue { return text }
        guard let blocks = system.arrayValue else { throw .invalidField("system", "must be a string or an array of text blocks") }
        return try blocks.enumerated().map { index, block throws(GatewayError) in
            guard block["type"] == "text", let text = block["text"]?.stringValue else {
                throw .invalidField("system[\(index)]", "must be a text block")
            }
            return text
        }.joined(separator: "\n")
    }

    /// One Anthropic message as chat messages: tool results become `tool` messages, tool uses an
    /// assistant message's `tool_calls`, thinking is not sent back.
    private static func translate(_ message: JSONValue, at path: String, toolUseIDs: inout Set<String>, text: inout [String]) throws(GatewayError) -> [JSONValue] {
        guard let role = message["role"]?.stringValue, role == "user" || role == "assistant" else {
            throw .invalidField("\(path).role", "must be user or assistant")
        }
        if let content = message["content"]?.stringValue {
            text.append(content)
            return [["role": .string(role), "content": .string(content)]]
        }
        guard let blocks = message["content"]?.arrayValue else {
            throw .invalidField("\(path).content", "must be a string or an array of content blocks")
        }
        var parts: [JSONValue] = []
        var toolCalls: [JSONValue] = []
        var toolResults: [JSONValue] = []
        for (index, block) in blocks.enumerated() {
            let where_ = "\(path).content[\(index)]"
            switch block["type"]?.stringValue {
            case "text":
                guard let value = block["text"]?.stringValue else { throw .invalidField("\(where_).text", "must be a string") }
                parts.append(["type": "text", "text": .string(value)])
                text.append(value)
            case "image":
                parts.append(["type": "image_url", "image_url": ["url": .string(try imageURL(block, at: where_))]])
            case "tool_use":
                guard role == "assistant", let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw .invalidField(where_, "is a tool_use block, which needs id and name and belongs to an assistant message")
                }
                toolUseIDs.insert(id)
                let input = block["input"] ?? [:]
                toolCalls.append(["id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(input.serialized())]])
                text.append(name + input.serialized())
            case "tool_result":
                guard let id = block["tool_use_id"]?.stringValue else { throw .invalidField("\(where_).tool_use_id", "must name the tool_use it answers") }
                guard toolUseIDs.contains(id) else {
                    throw .invalidRequest("\(where_) answers the tool_use \(id), which no earlier assistant message contains: send the tool_use block first.", code: "invalid_request", param: where_)
                }
                let result = try toolResultText(block["content"], at: where_)
                text.append(result)
                toolResults.append(["role": "tool", "tool_call_id": .string(id), "content": .string(block["is_error"] == true ? "Error: \(result)" : result)])
            case "thinking", "redacted_thinking":
                continue
            case let other:
                throw .invalidRequest(
                    "\(where_) has the block type \(other ?? "(none)"), which Prism does not take: use text, image, tool_use or tool_result.",
                    code: "invalid_request", param: where_)
            }
        }
        var out = toolResults
        if role == "assistant" {
            if !parts.isEmpty || !toolCalls.isEmpty {
                let content = parts.compactMap { $0["text"]?.stringValue }.joined()
                var message: JSONValue = ["role": "assistant", "content": content.isEmpty && !toolCalls.isEmpty ? .null : .string(content)]
                if !toolCalls.isEmpty { message["tool_calls"] = .array(toolCalls) }
                out.append(message)
            }
        } else if !parts.isEmpty {
            let onlyText = parts.allSatisfy { $0["type"] == "text" }
            out.append(["role": "user", "content": onlyText ? .string(parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")) : .array(parts)])
        }
        return out
    }

    private static func imageURL(_ block: JSONValue, at path: String) throws(GatewayError) -> String {
        let source = block["source"]
        switch source?["type"]?.stringValue {
        case "base64":
            guard let mediaType = source?["media_type"]?.stringValue, ["image/jpeg", "image/png", "image/gif", "image/webp"].contains(mediaType) else {
                throw .invalidRequest("\(path).source.media_type must be image/jpeg, image/png, image/gif or image/webp.", code: "invalid_image", param: path)
            }
            guard let data = source?["data"]?.stringValue, !data.isEmpty, Data(base64Encoded: data) != nil else {
                throw .invalidRequest("\(path).source.data is not valid base64 image data.", code: "invalid_image", param: path)
            }
            return "data:\(mediaType);base64,\(data)"
        case "url":
            guard let url = source?["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw .invalidRequest("\(path).source.url must be an http or https URL.", code: "invalid_image", param: path)
            }
            return url
        default:
            throw .invalidRequest("\(path).source.type must be base64 or url.", code: "invalid_image", param: path)
        }
    }

    private static func toolResultText(_ content: JSONValue?, at path: String) throws(GatewayError) -> String {
        guard let content, !content.isNull else { return "" }
        if let text = content.stringValue { return text }
        guard let blocks = content.arrayValue else { throw .invalidField("\(path).content", "must be a string or an array of blocks") }
        return blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }

    private static func tool(_ tool: JSONValue, at path: String) throws(GatewayError) -> JSONValue {
        guard let name = tool["name"]?.stringValue, !name.isEmpty else { throw .invalidField("\(path).name", "must name the tool") }
        var function: JSONValue = ["name": .string(name), "parameters": tool["input_schema"] ?? ["type": "object", "properties": [:]]]
        if let description = tool["description"] { function["description"] = description }
        return ["type": "function", "function": function]
    }
}
