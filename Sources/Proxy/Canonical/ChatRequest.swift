import NIOCore
import PrismShared

/// A validated chat-completions request: the canonical internal request. The whole body is kept, so
/// fields Prism does not know reach the upstream untouched.
struct ChatRequest: Sendable {
    let body: JSONObject
    /// The client's own bytes when the request came from a client as is (not built by a translation or
    /// the tool loop): the upstream body is then spliced from them instead of re-encoded.
    private let document: JSONDocument?
    let model: String
    let stream: Bool
    let includeUsage: Bool
    /// `store: true` asks Prism to keep the completion (default `false`, as in OpenAI's API).
    let store: Bool

    /// A request the client sent as is: validated like any other, and passed on spliced.
    init(document: JSONDocument) throws(GatewayError) {
        try self.init(json: document.value, document: document)
    }

    init(json: JSONValue) throws(GatewayError) {
        try self.init(json: json, document: nil)
    }

    private init(json: JSONValue, document: JSONDocument?) throws(GatewayError) {
        guard case .object(let body) = json else {
            throw .invalidRequest("The request body must be a JSON object, not \(json.typeName).", code: "invalid_json")
        }
        guard let modelValue = body["model"] else {
            throw .missingField("model", hint: "name a model such as groq/llama-3.1-8b-instant (see GET /v1/models).")
        }
        guard let model = modelValue.stringValue, !model.isEmpty else {
            throw .invalidField("model", "must be a non-empty string, not \(modelValue.typeName)")
        }
        guard let messagesValue = body["messages"] else {
            throw .missingField("messages", hint: "send a list such as [{\"role\":\"user\",\"content\":\"Hello\"}].")
        }
        guard let messages = messagesValue.arrayValue, !messages.isEmpty else {
            throw .invalidField("messages", "must be a non-empty array of messages, not \(messagesValue.typeName)")
        }
        for (index, message) in messages.enumerated() {
            guard message.objectValue != nil else {
                throw .invalidField("messages[\(index)]", "must be an object with role and content, not \(message.typeName)")
            }
            guard let role = message["role"]?.stringValue, !role.isEmpty else {
                throw .invalidField("messages[\(index)].role", "must be a string such as \"user\", \"assistant\" or \"system\"")
            }
            if let content = message["content"] {
                switch content {
                case .string, .array, .null: break
                default: throw .invalidField("messages[\(index)].content", "must be a string or an array of content parts, not \(content.typeName)")
                }
            }
        }
        try NumericField.check(body, [
            .temperature, .topP, .count("n", minimum: 1, maximum: 128), .count("max_tokens", minimum: 1), .count("max_completion_tokens", minimum: 1),
        ])
        self.body = body
        self.document = document
        self.model = model
        stream = try Self.flag(body, "stream")
        store = try Self.flag(body, "store")
        if let options = body["stream_options"], !options.isNull {
            guard options.objectValue != nil else { throw .invalidField("stream_options", "must be an object such as {\"include_usage\": true}") }
            includeUsage = options["include_usage"]?.boolValue ?? false
        } else {
            includeUsage = false
        }
    }

    private static func flag(_ body: JSONObject, _ name: String) throws(GatewayError) -> Bool {
        guard let value = body[name], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw .invalidField(name, "must be true or false, not \(value.typeName)") }
        return flag
    }

    /// The body sent upstream: the client's body with the upstream's model name, without the fields that
    /// only Prism acts on. From a client's own bytes every other member is copied as written.
    ///
    /// A stream always asks for usage (`stream_options.include_usage`), so every answer can be metered
    /// (SPEC §13); the relay drops the usage chunk again when the client did not ask for it.
    func upstreamBody(model upstreamModel: String) -> ByteBuffer {
        var replacing: [(key: String, value: JSONValue)] = [("model", .string(upstreamModel))]
        if stream, !includeUsage {
            var options = body["stream_options"]?.objectValue ?? JSONObject()
            options["include_usage"] = true
            replacing.append(("stream_options", .object(options)))
        }
        if let document { return document.splicing(replacing: replacing, removing: ["store", "metadata"]) }
        var body = self.body
        for (key, value) in replacing { body[key] = value }
        body["store"] = nil
        body["metadata"] = nil
        return JSONValue.object(body).byteBuffer()
    }
}
