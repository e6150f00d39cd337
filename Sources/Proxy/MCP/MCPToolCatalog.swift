import PrismShared

/// The tools of SPEC §16: each one's input schema (what `MCPArguments` checks) and output schema (what its
/// `structuredContent` holds).
enum MCPToolCatalog {
    struct Entry: Sendable {
        let name: String
        let title: String
        let description: String
        let input: JSONValue
        let output: JSONValue
        let readOnly: Bool
    }

    static let all: [Entry] = [generateImage, generateVideo, chat, webSearch, runPython, listMedia, getJob, cancelJob, listModels]

    static func entry(named name: String) -> Entry? { all.first { $0.name == name } }

    private static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var members = JSONObject()
        for (name, schema) in properties { members[name] = schema }
        return ["type": "object", "properties": .object(members), "required": .array(required.map { .string($0) }), "additionalProperties": false]
    }

    private static func string(_ description: String) -> JSONValue { ["type": "string", "description": .string(description)] }
    private static func integer(_ description: String, _ minimum: Int, _ maximum: Int) -> JSONValue {
        ["type": "integer", "minimum": JSONValue(minimum), "maximum": JSONValue(maximum), "description": .string(description)]
    }

    private static let mediaItem = object([("id", string("The media id.")), ("url", string("Prism's signed link to the file."))], required: ["id", "url"])
    private static let mediaResult = object(
        [
            ("job_id", ["type": ["string", "null"], "description": "The job that made it (null for a /help answer)."]),
            ("model", string("The model that made it.")),
            ("media", ["type": "array", "items": mediaItem]),
        ], required: ["job_id", "model", "media"])
    private static let anyObject: JSONValue = ["type": "object"]
    private static let model = string("Any model name of GET /v1/models or a route; see list_models.")

    static let generateImage = Entry(
        name: "generate_image", title: "Generate an image",
        description: "Make one or more pictures from a prompt with an image/ model (or edit the images given), and return them with Prism's links.",
        input: object(
            [
                ("prompt", string("What to draw.")), ("model", model), ("size", string("Output size WxH, such as 1024x1024.")),
                ("ratio", string("Aspect ratio A:B, such as 16:9.")), ("seed", integer("Seed; -1 means random.", -1, 4_294_967_295)),
                ("n", integer("How many images.", 1, 4)),
                ("image_urls", ["type": "array", "items": ["type": "string"], "description": "Input images to edit (https or data: URIs)."]),
            ], required: ["prompt"]),
        output: mediaResult, readOnly: false)

    static let generateVideo = Entry(
        name: "generate_video", title: "Generate a video",
        description: "Make a video from a prompt (and an optional first frame) with a video/ model; progress is reported while it runs.",
        input: object(
            [
                ("prompt", string("What to film.")), ("model", model), ("duration", integer("Seconds.", 1, 60)),
                ("resolution", string("480p, 720p or 1080p.")), ("ratio", string("Aspect ratio A:B, such as 16:9.")),
                ("image_url", string("A first frame (https or data: URI).")),
            ], required: ["prompt"]),
        output: mediaResult, readOnly: false)

    static let chat = Entry(
        name: "chat", title: "Ask a model",
        description: "Send a prompt to any text model of Prism and get its answer.",
        input: object([("prompt", string("The question or instruction.")), ("model", model), ("system", string("A system message."))], required: ["prompt"]),
        output: object([("model", string("The model that answered.")), ("content", string("The answer."))], required: ["model", "content"]),
        readOnly: true)

    static let webSearch = Entry(
        name: "web_search", title: "Search the web",
        description: "Search the web (Tavily) and get titles, links and excerpts of the best results.",
        input: object([("query", string("What to search for.")), ("max_results", integer("How many results (default 5).", 1, 20))], required: ["query"]),
        output: object(
            [
                ("content", string("The results as text.")),
                ("citations", ["type": "array", "items": object([("url", string("Link.")), ("title", string("Title."))], required: ["url", "title"])]),
            ], required: ["content", "citations"]),
        readOnly: true)

    static let runPython = Entry(
        name: "run_python", title: "Run Python",
        description: "Run Python code on the configured executor and get its output, the value of its last expression and any error.",
        input: object([("code", string("The Python code to run."))], required: ["code"]),
        output: object([("output", string("What the code printed and returned."))], required: ["output"]),
        readOnly: false)

    static let listMedia = Entry(
        name: "list_media", title: "List media",
        description: "List the pictures and videos this key made, newest first.",
        input: object([("kind", ["type": "string", "enum": ["image", "video"]]), ("limit", integer("At most this many (default 20).", 1, 100))]),
        output: object([("data", ["type": "array", "items": anyObject]), ("has_more", ["type": "boolean"])], required: ["data", "has_more"]),
        readOnly: true)

    static let getJob = Entry(
        name: "get_job", title: "Show a media job",
        description: "Show a media job: its status, progress, message, result links or error.",
        input: object([("id", string("The job id (job_…)."))], required: ["id"]),
        output: anyObject, readOnly: true)

    static let cancelJob = Entry(
        name: "cancel_job", title: "Cancel a media job",
        description: "Stop a running media job; a job that already ended is shown with its final status.",
        input: object([("id", string("The job id (job_…)."))], required: ["id"]),
        output: anyObject, readOnly: false)

    static let listModels = Entry(
        name: "list_models", title: "List models",
        description: "List the models this key may use: text, image/ and video/ models.",
        input: object([("family", ["type": "string", "enum": ["text", "image", "video"]])]),
        output: object([("models", ["type": "array", "items": ["type": "string"]])], required: ["models"]),
        readOnly: true)
}
