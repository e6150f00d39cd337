import PrismShared

/// A validated `POST /v1/responses` request. Its input is normalised into items with ids, which is what
/// is stored and what `input_items` lists.
struct ResponsesRequest: Sendable {
    let body: JSONObject
    let model: String
    let inputItems: [JSONValue]
    let instructions: String?
    let previousResponseID: String?
    let store: Bool
    let stream: Bool
    /// `background: true` (SPEC §15): answered at once, the work goes on without the client.
    let background: Bool
    /// Where a background response's end is announced besides `WEBHOOK_URL` (an extension of Prism's).
    let webhookURL: String?

    init(json: JSONValue) throws(GatewayError) {
        guard case .object(let body) = json else {
            throw .invalidRequest("The request body must be a JSON object, not \(json.typeName).", code: "invalid_json")
        }
        self.body = body
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            if body["model"] == nil { throw .missingField("model", hint: "name a model such as groq/llama-3.1-8b-instant.") }
            throw .invalidField("model", "must be a non-empty string")
        }
        self.model = model
        guard let input = body["input"], !input.isNull else {
            throw .missingField("input", hint: "send a string, or a list of input items.")
        }
        inputItems = try Self.normalize(input)
        instructions = try Self.optionalString(body, "instructions")
        if let previous = try Self.optionalString(body, "previous_response_id") {
            guard Identifier.isWellFormed(previous) else {
                throw .invalidField("previous_response_id", "has characters no response id has; use the id of an earlier response")
            }
            previousResponseID = previous
        } else {
            previousResponseID = nil
        }
        store = try Self.optionalBool(body, "store") ?? true
        stream = try Self.optionalBool(body, "stream") ?? false
        background = try Self.optionalBool(body, "background") ?? false
        if background && !store {
            throw .invalidField("background", "needs a stored response (it is polled and resumed by its id): drop store: false or background: true")
        }
        webhookURL = try Self.optionalString(body, "webhook_url")
        if let webhookURL, !background || !(webhookURL.hasPrefix("http://") || webhookURL.hasPrefix("https://")) {
            throw .invalidField("webhook_url", "must be an http or https URL, and is only for background responses")
        }
        try NumericField.check(body, [.temperature, .topP, .count("max_output_tokens", minimum: 1)])
        if let metadata = body["metadata"], !metadata.isNull {
            guard let object = metadata.objectValue, object.count <= 16, object.members.allSatisfy({ $0.value.stringValue != nil }) else {
                throw .invalidField("metadata", "must be an object of at most 16 string values")
            }
        }
        if let tools = body["tools"], !tools.isNull, tools.arrayValue == nil {
            throw .invalidField("tools", "must be an array of tools")
        }
    }

    private static func optionalString(_ body: JSONObject, _ name: String) throws(GatewayError) -> String? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw .invalidField(name, "must be a string, not \(value.typeName)") }
        return string
    }

    private static func optionalBool(_ body: JSONObject, _ name: String) throws(GatewayError) -> Bool? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw .invalidField(name, "must be true or false, not \(value.typeName)") }
        return flag
    }

    /// Input as items with ids: a string becomes one user message; a message's string content becomes one
    /// text part.
    static func normalize(_ input: JSONValue) throws(GatewayError) -> [JSONValue] {
        if let text = input.stringValue {
            guard !text.isEmpty else { throw .invalidField("input", "is empty; send the text to answer") }
            return [message(role: "user", content: [["type": "input_text", "text": .string(text)]])]
        }
        guard let items = input.arrayValue, !items.isEmpty else {
            throw .invalidField("input", "must be a non-empty string or a non-empty array of items")
        }
        var normalized: [JSONValue] = []
        for (index, item) in items.enumerated() {
            normalized.append(try normalizeItem(item, at: "input[\(index)]"))
        }
        return normalized
    }

    private static func message(role: String, content: [JSONValue]) -> JSONValue {
        ["id": .string(Identifier.make("msg")), "type": "message", "role": .string(role), "content": .array(content)]
    }

    private static func normalizeItem(_ item: JSONValue, at path: String) throws(GatewayError) -> JSONValue {
        guard var object = item.objectValue else { throw .invalidField(path, "must be an object, not \(item.typeName)") }
        let type = object["type"]?.stringValue ?? (object["role"] != nil ? "message" : "")
        switch type {
        case "message":
            guard let role = object["role"]?.stringValue, ["user", "assistant", "system", "developer"].contains(role) else {
                throw .invalidField("\(path).role", "must be one of user, assistant, system or developer")
            }
            let textType = role == "assistant" ? "output_text" : "input_text"
            var parts: [JSONValue] = []
            switch object["content"] {
            case .string(let text)?:
                parts = [["type": .string(textType), "text": .string(text)]]
            case .array(let given)?:
                for (index, part) in given.enumerated() {
                    parts.append(try normalizePart(part, at: "\(path).content[\(index)]", textType: textType))
                }
            default:
                throw .invalidField("\(path).content", "must be a string or an array of content parts")
            }
            var normalized = message(role: role, content: parts)
            if let id = object["id"]?.stringValue { normalized["id"] = .string(id) }
            return normalized
        case "function_call":
            guard object["call_id"]?.stringValue != nil, object["name"]?.stringValue != nil else {
                throw .invalidField(path, "is a function_call without call_id and name")
            }
            if object["arguments"]?.stringValue == nil { object["arguments"] = "{}" }
            if object["id"] == nil { object["id"] = .string(Identifier.make("fc")) }
            return .object(object)
        case "function_call_output":
            guard object["call_id"]?.stringValue != nil else { throw .invalidField(path, "is a function_call_output without call_id") }
            if let output = object["output"], output.stringValue == nil { object["output"] = .string(output.serialized()) }
            if object["id"] == nil { object["id"] = .string(Identifier.make("fco")) }
            return .object(object)
        case "reasoning":
            if object["id"] == nil { object["id"] = .string(Identifier.make("rs")) }
            return .object(object)
        default:
            throw .invalidRequest(
                "The item \(path) has the type \(type.isEmpty ? "(none)" : type), which Prism does not take: use message, function_call, function_call_output or reasoning.",
                code: "invalid_type", param: path)
        }
    }

    private static func normalizePart(_ part: JSONValue, at path: String, textType: String) throws(GatewayError) -> JSONValue {
        if let text = part.stringValue { return ["type": .string(textType), "text": .string(text)] }
        guard let type = part["type"]?.stringValue else { throw .invalidField(path, "must be a content part with a type") }
        switch type {
        case "input_text", "output_text", "text":
            guard let text = part["text"]?.stringValue else { throw .invalidField("\(path).text", "must be a string") }
            return ["type": .string(type == "text" ? textType : type), "text": .string(text)]
        case "input_image":
            let url = part["image_url"]?.stringValue ?? part["image_url"]?["url"]?.stringValue
            guard let url, !url.isEmpty else { throw .invalidField("\(path).image_url", "must be an image URL or a data: URI") }
            var normalized: JSONValue = ["type": "input_image", "image_url": .string(url)]
            if let detail = part["detail"]?.stringValue { normalized["detail"] = .string(detail) }
            return normalized
        case "refusal":
            return part
        default:
            throw .invalidRequest(
                "The content part \(path) has the type \(type), which Prism does not take: use input_text or input_image.",
                code: "invalid_type", param: path)
        }
    }
}
