import PrismShared

/// A response to keep: the object exactly as returned to the client, and the input items it was given.
public struct NewStoredResponse: Sendable {
    public let id: String
    public let principal: String
    public let model: String
    public let status: String
    public let previousResponseID: String?
    public let createdAt: Int
    public let object: JSONValue
    public let inputItems: [JSONValue]
    /// The start of the answer, for lists.
    public let preview: String
    /// The first user text, for conversation titles.
    public let firstUserText: String
    /// `object`'s JSON text, when the caller wrote it already (for the client): it is stored as is rather
    /// than serialised a second time.
    public let objectText: String
    /// Webhook events announcing this state (SPEC §15), written in the same transaction: stored together, or
    /// neither.
    public var webhookEvents: [WebhookEvent] = []

    public init(
        id: String, principal: String, model: String, status: String, previousResponseID: String?, createdAt: Int, object: JSONValue,
        inputItems: [JSONValue], preview: String, firstUserText: String, objectText: String? = nil
    ) {
        self.objectText = objectText ?? object.serialized()
        self.id = id
        self.principal = principal
        self.model = model
        self.status = status
        self.previousResponseID = previousResponseID
        self.createdAt = createdAt
        self.object = object
        self.inputItems = inputItems
        self.preview = preview
        self.firstUserText = firstUserText
    }
}

/// One response of a chain: what it was given and what it answered.
public struct ChainLink: Sendable {
    public let object: JSONValue
    public let inputItems: [JSONValue]

    public init(object: JSONValue, inputItems: [JSONValue]) {
        self.object = object
        self.inputItems = inputItems
    }
}

/// A line of `GET /v1/responses`.
public struct ResponseSummary: Sendable {
    public let id: String
    public let createdAt: Int
    public let model: String
    public let status: String
    public let previousResponseID: String?
    public let preview: String
}

/// A conversation: one leaf of a chain with its root.
public struct ConversationSummary: Sendable {
    public let leafID: String
    public let rootID: String
    public let turns: Int
    public let title: String
    public let model: String
    public let createdAt: Int
    public let updatedAt: Int
}

/// A chat completion kept with `"store": true`, and the messages it answered.
public struct StoredCompletion: Sendable {
    public let completion: JSONValue
    public let messages: JSONValue
}
