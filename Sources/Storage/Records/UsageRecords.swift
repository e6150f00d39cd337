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

/// One budget a request counts against: its key's or its team's.
public struct BudgetBound: Sendable, Hashable {
    public var scope: SpendScope
    public var budget: Budget

    public init(scope: SpendScope, budget: Budget) {
        self.scope = scope
        self.budget = budget
    }

    /// Whether `spent` uses the budget up. Costs are sums of doubles (ten 0.01 make 0.0999…), so a
    /// billionth of a dollar, below any price, counts as nothing.
    func isSpent(by spent: Double) -> Bool {
        spent >= budget.usd - 1e-9
    }
}

/// What `reserve` decided.
public enum BudgetVerdict: Sendable, Equatable {
    case admitted
    /// `bound` is spent: `spent` in its period (reserved estimates of running requests included).
    case exceeded(BudgetBound, spent: Double)
}

extension BudgetPeriod {
    /// The UTC day number (Unix seconds / 86 400) the period containing `time` starts on; 0 for `total`.
    public func startDay(at time: Double) -> Int {
        let day = Int((time / 86_400).rounded(.down))
        switch self {
        case .day: return day
        case .total: return 0
        case .week: return day - ((day + 3) % 7)  // day 0 (1970-01-01) was a Thursday; Monday is 3 days on
        case .month:
            let (year, month, _) = Self.civil(day)
            return Self.dayNumber(year: year, month: month, day: 1)
        }
    }

    /// Unix seconds when the period containing `time` ends and spend starts again; nil for `total`.
    public func reset(after time: Double) -> Double? {
        let start = startDay(at: time)
        switch self {
        case .day: return Double(start + 1) * 86_400
        case .week: return Double(start + 7) * 86_400
        case .total: return nil
        case .month:
            let (year, month, _) = Self.civil(start)
            return Double(month == 12 ? Self.dayNumber(year: year + 1, month: 1, day: 1) : Self.dayNumber(year: year, month: month + 1, day: 1)) * 86_400
        }
    }

    /// Howard Hinnant's days-from-civil and its inverse: calendar arithmetic without Foundation's calendars.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// One key's or team's spend on one UTC day (day number = Unix seconds / 86 400).
public struct DailySpend: Sendable, Equatable {
    public let scope: String
    public let day: Int
    public let usd: Double

    public init(scope: String, day: Int, usd: Double) {
        self.scope = scope
        self.day = day
        self.usd = usd
    }
}
