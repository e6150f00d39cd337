import Storage

/// The key and usage commands of `admin/magic` (SPEC §13).
extension AdminCommand {
    /// `keys create <name> [--budget 5/day] [--rpm 60] [--models groq/*,image/*]`, `keys revoke <id>`, or
    /// bare `keys` (the provider key pools).
    static func parseKeys(_ words: [String]) -> AdminCommand {
        guard let sub = words.first?.lowercased() else { return .keys }
        let usage = "Type `keys create <name> [--budget 5/day] [--rpm 60] [--models groq/*,image/*]` or `keys revoke <key-id>`."
        switch sub {
        case "revoke": return words.count == 2 ? .revokeKey(words[1]) : .invalid(usage)
        case "create":
            guard words.count >= 2, !words[1].hasPrefix("--") else { return .invalid(usage) }
            var request = KeyRequest(name: words[1])
            var index = 2
            while index < words.count {
                guard index + 1 < words.count else { return .invalid(usage) }
                let value = words[index + 1]
                switch words[index] {
                case "--budget":
                    let parts = value.split(separator: "/")
                    guard let usd = Double(parts.first.map { $0.hasPrefix("$") ? String($0.dropFirst()) : String($0) } ?? ""), usd >= 0,
                          let period = BudgetPeriod(rawValue: parts.count == 2 ? String(parts[1]) : "month")
                    else { return .invalid("`--budget` is an amount in USD and a period: `5/day`, `20/week`, `100/month` or `50/total`.") }
                    request.budget = Budget(usd: usd, period: period)
                case "--rpm":
                    guard let rpm = Int(value), rpm >= 1 else { return .invalid("`--rpm` is a whole number of requests per minute, 1 or more.") }
                    request.rpm = rpm
                case "--models":
                    request.models = value.split(separator: ",").map(String.init)
                default: return .invalid(usage)
                }
                index += 2
            }
            return .createKey(request)
        default: return .invalid(usage)
        }
    }

    /// `usage [today|week|month] [by key|model|provider|tag]`.
    static func parseUsage(_ words: [String]) -> AdminCommand {
        var period = BudgetPeriod.day
        var grouping = UsageGrouping.model
        var rest = words.map { $0.lowercased() }[...]
        if let first = rest.first, let named = ["today": BudgetPeriod.day, "week": .week, "month": .month][first] {
            period = named
            rest = rest.dropFirst()
        }
        if rest.first == "by", rest.count == 2, let named = UsageGrouping(rawValue: rest[rest.startIndex + 1]), [.key, .model, .provider, .tag].contains(named) {
            grouping = named
            rest = []
        }
        guard rest.isEmpty else { return .invalid("Type `usage [today|week|month] [by key|model|provider|tag]`.") }
        return .usage(period, grouping)
    }
}

/// What `keys create` asks for.
struct KeyRequest: Equatable, Sendable {
    var name: String
    var budget: Budget?
    var rpm: Int?
    var models: [String]?
}
