import PrismShared

/// A media job as stored: SPEC §5's `queued|running|succeeded|failed|cancelled`, progress and result.
public struct JobRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case queued, running, succeeded, failed, cancelled

        public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    public let id: String
    public let principal: String
    public let model: String
    public var status: Status
    public var providerTaskID: String?
    /// The URL to poll the task at, for providers that give one.
    public var providerPollURL: String?
    /// 0…1 when the provider reports it.
    public var progress: Double?
    /// The latest progress line.
    public var message: String
    public let createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    public var mediaIDs: [String]
    public var errorCode: String?
    public var errorMessage: String?
    /// What a restarted gateway needs to follow the task again (`MediaRequest.stored`).
    public var request: JSONValue?
    /// The stored response waiting for this job, completed when the job ends.
    public var responseID: String?
    /// What identifies the request (model, prompt, flags, input images), for attaching an identical one.
    public var fingerprint: String?
    /// When a client first received the result (`nil`: never, so an identical request may attach to it).
    public var deliveredAt: Double?

    public init(
        id: String, principal: String, model: String, status: Status, providerTaskID: String? = nil, providerPollURL: String? = nil,
        progress: Double? = nil, message: String, createdAt: Double, startedAt: Double? = nil, finishedAt: Double? = nil, mediaIDs: [String] = [],
        errorCode: String? = nil, errorMessage: String? = nil, request: JSONValue? = nil, responseID: String? = nil, fingerprint: String? = nil,
        deliveredAt: Double? = nil
    ) {
        self.id = id
        self.principal = principal
        self.model = model
        self.status = status
        self.providerTaskID = providerTaskID
        self.providerPollURL = providerPollURL
        self.progress = progress
        self.message = message
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.mediaIDs = mediaIDs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.request = request
        self.responseID = responseID
        self.fingerprint = fingerprint
        self.deliveredAt = deliveredAt
    }
}
