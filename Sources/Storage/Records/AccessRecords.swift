import PrismShared

/// How long a budget runs before its spend starts again at zero (SPEC §13): periods start at 00:00 UTC,
/// weeks on Monday, months on the 1st; `total` never resets.
public enum BudgetPeriod: String, Sendable, CaseIterable {
    case day, week, month, total
}

/// `{usd, period}`.
public struct Budget: Sendable, Hashable {
    public var usd: Double
    public var period: BudgetPeriod

    public init(usd: Double, period: BudgetPeriod) {
        self.usd = usd
        self.period = period
    }
}

/// `{rpm?, tpm?, rpd?, max_concurrent_jobs?}`: each absent limit is no limit.
public struct RateLimit: Sendable, Hashable {
    public var rpm: Int?
    public var tpm: Int?
    public var rpd: Int?
    public var maxConcurrentJobs: Int?

    public init(rpm: Int? = nil, tpm: Int? = nil, rpd: Int? = nil, maxConcurrentJobs: Int? = nil) {
        self.rpm = rpm
        self.tpm = tpm
        self.rpd = rpd
        self.maxConcurrentJobs = maxConcurrentJobs
    }
}

/// What keys and teams both carry: the models they may use (globs; nil is every model), a budget and a
/// rate limit.
public struct AccessRules: Sendable, Hashable {
    public var models: [String]?
    public var budget: Budget?
    public var rateLimit: RateLimit?

    public init(models: [String]? = nil, budget: Budget? = nil, rateLimit: RateLimit? = nil) {
        self.models = models
        self.budget = budget
        self.rateLimit = rateLimit
    }
}

/// A managed key as stored: never its secret, only the secret's SHA-256 (hex) and a hint to recognise it.
public struct KeyRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var teamID: String?
    public var secretHash: String
    /// `sk-prism-…` and the secret's last four characters.
    public var secretHint: String
    public var rules: AccessRules
    public var tags: [String]
    /// Unix seconds; nil never expires.
    public var expiresAt: Int?
    public var metadata: JSONValue
    public var disabled: Bool
    public var createdAt: Int

    public init(
        id: String, name: String, teamID: String? = nil, secretHash: String, secretHint: String, rules: AccessRules = AccessRules(),
        tags: [String] = [], expiresAt: Int? = nil, metadata: JSONValue = .null, disabled: Bool = false, createdAt: Int
    ) {
        self.id = id
        self.name = name
        self.teamID = teamID
        self.secretHash = secretHash
        self.secretHint = secretHint
        self.rules = rules
        self.tags = tags
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A team: keys in it are bound by their own rules and by the team's.
public struct TeamRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var rules: AccessRules
    public var createdAt: Int

    public init(id: String, name: String, rules: AccessRules = AccessRules(), createdAt: Int) {
        self.id = id
        self.name = name
        self.rules = rules
        self.createdAt = createdAt
    }
}

/// The columns both backends keep the flexible parts in: one JSON text, so a new rule is not a migration.
extension AccessRules {
    var json: JSONValue {
        var object = JSONObject()
        if let models { object["models"] = .array(models.map { .string($0) }) }
        if let budget { object["budget"] = ["usd": .number(budget.usd), "period": .string(budget.period.rawValue)] }
        if let rateLimit {
            var limit = JSONObject()
            for (name, value) in [("rpm", rateLimit.rpm), ("tpm", rateLimit.tpm), ("rpd", rateLimit.rpd), ("max_concurrent_jobs", rateLimit.maxConcurrentJobs)] {
                if let value { limit[name] = .integer(Int64(value)) }
            }
            object["rate_limit"] = .object(limit)
        }
        return .object(object)
    }

    init(json: JSONValue) {
        models = json["models"]?.arrayValue?.compactMap(\.stringValue)
        if let usd = json["budget"]?["usd"]?.doubleValue, let period = json["budget"]?["period"]?.stringValue.flatMap(BudgetPeriod.init(rawValue:)) {
            budget = Budget(usd: usd, period: period)
        }
        if let limit = json["rate_limit"], limit.objectValue != nil {
            rateLimit = RateLimit(rpm: limit["rpm"]?.intValue, tpm: limit["tpm"]?.intValue, rpd: limit["rpd"]?.intValue,
                                  maxConcurrentJobs: limit["max_concurrent_jobs"]?.intValue)
        }
    }
}

extension KeyRecord {
    /// `rules`, `tags` and `metadata` as the one `settings` text both backends store.
    var settingsText: String {
        var settings = rules.json
        settings["tags"] = .array(tags.map { .string($0) })
        if !metadata.isNull { settings["metadata"] = metadata }
        return settings.serialized()
    }

    static func settings(_ text: String) -> (rules: AccessRules, tags: [String], metadata: JSONValue) {
        let json = (try? JSONValue.parse(text)) ?? .object(JSONObject())
        return (AccessRules(json: json), json["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [], json["metadata"] ?? .null)
    }
}
