/// One row of the usage ledger (SPEC §13): a request or a media job, what it used and what it cost.
public struct UsageEntry: Sendable, Equatable {
    /// The request's id (`x-prism-request-id`) or the job's: a row is recorded once.
    public var id: String
    /// Unix seconds when the request began.
    public var time: Double
    public var keyID: String?
    public var teamID: String?
    public var principal: String
    public var tags: [String]
    /// The model name the client asked for (a route's name when it named a route).
    public var model: String
    public var route: String?
    public var provider: String?
    public var upstreamModel: String?
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedTokens: Int
    public var images: Int
    public var videoSeconds: Double
    public var costUSD: Double
    /// False when the price table had no price for what was used (its cost then counts as 0).
    public var priced: Bool
    public var latencyMs: Double
    public var firstByteMs: Double?
    public var status: Int
    public var attempts: Int

    public init(
        id: String, time: Double, keyID: String? = nil, teamID: String? = nil, principal: String, tags: [String] = [], model: String, route: String? = nil,
        provider: String? = nil, upstreamModel: String? = nil, inputTokens: Int = 0, outputTokens: Int = 0, cachedTokens: Int = 0, images: Int = 0,
        videoSeconds: Double = 0, costUSD: Double = 0, priced: Bool = true, latencyMs: Double = 0, firstByteMs: Double? = nil, status: Int = 200,
        attempts: Int = 1
    ) {
        self.id = id
        self.time = time
        self.keyID = keyID
        self.teamID = teamID
        self.principal = principal
        self.tags = tags
        self.model = model
        self.route = route
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedTokens = cachedTokens
        self.images = images
        self.videoSeconds = videoSeconds
        self.costUSD = costUSD
        self.priced = priced
        self.latencyMs = latencyMs
        self.firstByteMs = firstByteMs
        self.status = status
        self.attempts = attempts
    }

    /// The spend totals this entry adds to: its key's and its team's, by UTC day.
    var spendScopes: [String] {
        [keyID.map { "key:\($0)" }, teamID.map { "team:\($0)" }].compactMap { $0 }
    }

    var day: Int { Int((time / 86_400).rounded(.down)) }
}

/// What `GET /v1/usage` groups by.
public enum UsageGrouping: String, Sendable, CaseIterable {
    case key, team, model, provider, route, tag, day, hour
}

/// One group of `GET /v1/usage`.
public struct UsageGroup: Sendable, Equatable {
    public var group: String
    public var requests: Int
    public var errors: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var images: Int
    public var videoSeconds: Double
    public var costUSD: Double

    public init(group: String, requests: Int, errors: Int, inputTokens: Int, outputTokens: Int, images: Int, videoSeconds: Double, costUSD: Double) {
        self.group = group
        self.requests = requests
        self.errors = errors
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.images = images
        self.videoSeconds = videoSeconds
        self.costUSD = costUSD
    }
}

/// Whose spend a budget counts.
public enum SpendScope: Sendable, Hashable {
    case key(String)
    case team(String)

    var column: String {
        switch self {
        case .key(let id): "key:\(id)"
        case .team(let id): "team:\(id)"
        }
    }
}
