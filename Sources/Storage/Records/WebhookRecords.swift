import PrismShared

/// One webhook event (SPEC §15) as the outbox keeps it: its id (`evt_…`, the `webhook-id` header of every
/// attempt), its type, whose it is, and its body, together with where it goes.
public struct WebhookEvent: Sendable, Equatable {
    public let id: String
    /// `job.succeeded`, `response.completed`, `budget.exceeded`, …
    public let type: String
    /// The principal the event is about (`nil`: none in particular).
    public let principal: String?
    public let createdAt: Double
    /// The body as sent: `{"id", "object": "event", "type", "created_at", "data"}`.
    public let body: JSONValue
    /// Where it goes: one delivery per target.
    public let targets: [WebhookTarget]

    public init(id: String, type: String, principal: String?, createdAt: Double, body: JSONValue, targets: [WebhookTarget]) {
        self.id = id
        self.type = type
        self.principal = principal
        self.createdAt = createdAt
        self.body = body
        self.targets = targets
    }
}

/// One receiver of an event: its URL and whether the guarded fetcher's address rules apply to it when it is
/// called (a client's own `webhook_url`; the operator's `WEBHOOK_URL` is not guarded).
public struct WebhookTarget: Sendable, Equatable {
    public let url: String
    public let guarded: Bool

    public init(url: String, guarded: Bool) {
        self.url = url
        self.guarded = guarded
    }
}

/// One event on its way to one URL, with every attempt so far.
public struct WebhookDelivery: Sendable, Equatable {
    /// `pending` (an attempt is due at `nextAttemptAt`), `delivered` (a 2xx), `failed` (the schedule ran
    /// out) or `stopped` (the receiver answered 410 Gone).
    public enum Status: String, Sendable, CaseIterable {
        case pending, delivered, failed, stopped
    }

    public let id: String
    public let eventID: String
    public let eventType: String
    public let url: String
    public let guarded: Bool
    public var status: Status
    public var nextAttemptAt: Double?
    public var attempts: [WebhookAttempt]
    public let createdAt: Double
    /// The event's body, serialised exactly as it is signed and sent.
    public let body: String

    public init(
        id: String, eventID: String, eventType: String, url: String, guarded: Bool, status: Status, nextAttemptAt: Double?,
        attempts: [WebhookAttempt], createdAt: Double, body: String
    ) {
        self.id = id
        self.eventID = eventID
        self.eventType = eventType
        self.url = url
        self.guarded = guarded
        self.status = status
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.createdAt = createdAt
        self.body = body
    }
}

/// One try at a delivery: when, what the receiver answered (`nil`: no answer), how long it took, and why it
/// did not count when it did not.
public struct WebhookAttempt: Sendable, Equatable {
    public let at: Double
    public let status: Int?
    public let durationMS: Int
    public let error: String?

    public init(at: Double, status: Int?, durationMS: Int, error: String?) {
        self.at = at
        self.status = status
        self.durationMS = durationMS
        self.error = error
    }

    /// As the delivery list shows it and the row keeps it.
    public var json: JSONValue {
        ["at": JSONValue(Int(at)), "status": status.map { JSONValue($0) } ?? .null, "duration_ms": JSONValue(durationMS), "error": JSONValue(error)]
    }

    init?(json: JSONValue) {
        guard let at = json["at"]?.doubleValue else { return nil }
        self.init(at: at, status: json["status"]?.intValue, durationMS: json["duration_ms"]?.intValue ?? 0, error: json["error"]?.stringValue)
    }

    static func list(_ text: String?) -> [WebhookAttempt] {
        (text.flatMap { try? JSONValue.parse($0) }?.arrayValue ?? []).compactMap(WebhookAttempt.init(json:))
    }

    static func serialized(_ attempts: [WebhookAttempt]) -> String {
        JSONValue.array(attempts.map(\.json)).serialized()
    }
}
