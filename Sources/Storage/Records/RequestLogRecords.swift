import PrismShared

/// One request of the request log (SPEC §14): who asked for what, who answered, how it ended, and each
/// upstream attempt on the way. Bodies are kept only with `LOG_BODIES=true`; keys never are.
public struct RequestLogEntry: Sendable, Equatable {
    /// The request id (`x-prism-request-id`); a client's `x-request-id` need not be unique, so neither is this.
    public var id: String
    /// Unix seconds when the request began.
    public var time: Double
    /// Which surface it came in on: `chat`, `responses`, `messages`, `images`, `jobs`, `other`.
    public var surface: String
    public var keyID: String?
    public var principal: String
    /// The model name the client asked for, when it named one.
    public var model: String?
    public var route: String?
    public var provider: String?
    public var upstreamModel: String?
    public var status: Int
    public var errorCode: String?
    public var latencyMs: Double
    public var ttfbMs: Double?
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Double
    public var attempts: [RequestAttempt]
    public var requestBody: String?
    public var responseBody: String?

    public init(
        id: String, time: Double, surface: String, keyID: String? = nil, principal: String, model: String? = nil, route: String? = nil,
        provider: String? = nil, upstreamModel: String? = nil, status: Int, errorCode: String? = nil, latencyMs: Double = 0, ttfbMs: Double? = nil,
        inputTokens: Int = 0, outputTokens: Int = 0, costUSD: Double = 0, attempts: [RequestAttempt] = [], requestBody: String? = nil,
        responseBody: String? = nil
    ) {
        self.id = id
        self.time = time
        self.surface = surface
        self.keyID = keyID
        self.principal = principal
        self.model = model
        self.route = route
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.status = status
        self.errorCode = errorCode
        self.latencyMs = latencyMs
        self.ttfbMs = ttfbMs
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.attempts = attempts
        self.requestBody = requestBody
        self.responseBody = responseBody
    }
}

/// One upstream attempt of a request: the provider, the key masked (`gsk_…ood1`), what came back and how long
/// it took. `status` is nil when no answer came (a refused connection, a timeout).
public struct RequestAttempt: Sendable, Equatable {
    public var provider: String
    public var key: String
    public var status: Int?
    public var durationMs: Double
    public var error: String?

    public init(provider: String, key: String, status: Int?, durationMs: Double, error: String? = nil) {
        self.provider = provider
        self.key = key
        self.status = status
        self.durationMs = durationMs
        self.error = error
    }

    /// The attempt as a JSON object of the `attempts` array (SPEC §14), also its stored form.
    public var json: JSONValue {
        [
            "provider": .string(provider), "key": .string(key), "status": status.map { JSONValue($0) } ?? .null,
            "duration_ms": .number(durationMs), "error": error.map { .string($0) } ?? .null,
        ]
    }

    /// Attempts as one JSON text, for a row.
    static func serialized(_ attempts: [RequestAttempt]) -> String {
        JSONValue.array(attempts.map(\.json)).serialized()
    }

    /// Attempts read back from a row's text; a text that is not an array reads as none.
    static func parse(_ text: String) -> [RequestAttempt] {
        guard let array = (try? JSONValue.parse(text))?.arrayValue else { return [] }
        return array.compactMap { item in
            guard let provider = item["provider"]?.stringValue else { return nil }
            return RequestAttempt(
                provider: provider, key: item["key"]?.stringValue ?? "", status: item["status"]?.intValue, durationMs: item["duration_ms"]?.doubleValue ?? 0,
                error: item["error"]?.stringValue)
        }
    }
}

/// What `GET /v1/admin/requests` narrows the log to; nil fields do not narrow.
public struct RequestLogFilter: Sendable, Equatable {
    public var model: String?
    public var provider: String?
    public var status: Int?
    public var keyID: String?
    /// Unix seconds: only requests that began at or after it.
    public var since: Double?

    public init(model: String? = nil, provider: String? = nil, status: Int? = nil, keyID: String? = nil, since: Double? = nil) {
        self.model = model
        self.provider = provider
        self.status = status
        self.keyID = keyID
        self.since = since
    }
}
