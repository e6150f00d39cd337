import Media
import PrismShared

/// The body of `POST /v1/jobs` (SPEC §15), checked: `{model, prompt, images?, webhook_url?, metadata?, …flags
/// as fields}`. The flags become the prompt's `--name value` tokens, so they are validated by the provider's
/// own flag rules, and the job is started like a chat's: one user message with the images as parts.
struct JobSubmission: Sendable {
    /// Image or video.
    let family: MediaFamily
    /// The model name without its family (`doubao-seedance`).
    let name: String
    /// The full model name (`video/doubao-seedance`).
    let model: String
    /// The prompt followed by the flags.
    let text: String
    /// Input images: URLs, data: URIs, Prism links or file ids.
    let images: [String]
    /// The client's receiver, checked by the guard before the job starts.
    let webhookURL: String?
    /// Up to 16 text values, echoed in the job object.
    let metadata: JSONObject?

    /// The fields that are flags (SPEC §5), by the name the prompt spells them with.
    static let flagFields = [
        "size", "ratio", "seed", "guidance", "steps", "negative", "negative_prompt", "n", "format", "duration", "resolution", "camerafixed", "frames",
    ]
    /// Every field a job takes.
    static let fields = ["model", "prompt", "images", "webhook_url", "metadata"] + flagFields

    init(_ body: JSONValue) throws(GatewayError) {
        guard let object = body.objectValue else { throw .invalidRequest("The body must be a JSON object.", code: "invalid_json") }
        for key in object.keys where !Self.fields.contains(key) {
            throw .invalidRequest(
                "\(key.prefix(40)) is not a field of a job; send \(Self.fields.joined(separator: ", ")).", code: "unknown_field", param: String(key.prefix(40)))
        }
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw .missingField("model", hint: "name an image or video model such as image/doubao or video/doubao-seedance (see GET /v1/models).")
        }
        let parts = model.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let family = MediaFamily(rawValue: parts[0]) else {
            throw .invalidRequest("model is \(model.prefix(80)); a job needs an image/ or video/ model (see GET /v1/models).", code: "invalid_value", param: "model")
        }
        guard let prompt = body["prompt"]?.stringValue, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .missingField("prompt", hint: "describe the \(family.rawValue) to make.")
        }
        (self.family, self.name, self.model) = (family, parts[1], model)
        var text = prompt
        for field in Self.flagFields {
            guard let value = body[field] else { continue }
            text += " --\(field) " + (try Self.flagValue(value, field: field))
        }
        self.text = text
        images = try Self.images(body["images"])
        webhookURL = try Self.webhookURL(body["webhook_url"])
        metadata = try Self.metadata(body["metadata"])
    }

    /// The prompt as one user message, images as parts, as a chat would send it.
    var messages: [JSONValue] {
        let parts: [JSONValue] = [["type": "text", "text": .string(text)]] + images.map { ["type": "image_url", "image_url": ["url": .string($0)]] }
        return [["role": "user", "content": .array(parts)]]
    }

    /// What the job's row keeps beside the request.
    var annotations: JSONObject {
        var object = JSONObject()
        if let webhookURL { object[JobAnnotations.webhookURLKey] = .string(webhookURL) }
        if let metadata { object[JobAnnotations.metadataKey] = .object(metadata) }
        return object
    }

    private static func flagValue(_ value: JSONValue, field: String) throws(GatewayError) -> String {
        switch value {
        case .string(let text) where !text.isEmpty && !text.contains("\""):
            return text.contains(where: \.isWhitespace) ? "\"\(text)\"" : text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default:
            throw .invalidRequest("\(field) must be a number, true or false, or a non-empty text without double quotes.", code: "invalid_value", param: field)
        }
    }

    private static func images(_ value: JSONValue?) throws(GatewayError) -> [String] {
        guard let value, value != .null else { return [] }
        guard let list = value.arrayValue, list.count <= 8 else {
            throw .invalidRequest("images must be a list of at most 8 image URLs or data: URIs.", code: "invalid_value", param: "images")
        }
        var urls: [String] = []
        for item in list {
            guard let url = item.stringValue, !url.isEmpty else {
                throw .invalidRequest("Each of images must be an image URL or a data: URI.", code: "invalid_image", param: "images")
            }
            urls.append(url)
        }
        return urls
    }

    private static func webhookURL(_ value: JSONValue?) throws(GatewayError) -> String? {
        guard let value, value != .null else { return nil }
        guard let url = value.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://"), url.count <= 2048 else {
            throw .invalidRequest("webhook_url must be an http or https URL of your receiver.", code: "invalid_value", param: "webhook_url")
        }
        return url
    }

    private static func metadata(_ value: JSONValue?) throws(GatewayError) -> JSONObject? {
        guard let value, value != .null else { return nil }
        guard let object = value.objectValue, object.count <= 16,
              object.members.allSatisfy({ $0.key.count <= 64 && ($0.value.stringValue?.count ?? 513) <= 512 })
        else {
            throw .invalidRequest(
                "metadata must be an object of at most 16 keys (up to 64 characters) with text values (up to 512 characters).", code: "invalid_value",
                param: "metadata")
        }
        return object
    }
}
