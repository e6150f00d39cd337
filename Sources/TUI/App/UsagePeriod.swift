import Foundation

/// How the Usage screen groups the ledger (`group_by`).
enum UsageGrouping: String, CaseIterable, Sendable {
    case key, model, provider

    /// The next one, for `g`.
    var next: UsageGrouping {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The Usage screen's period, from its start to now; periods start at 00:00 UTC, weeks on Monday,
/// months on the 1st, as budgets do (SPEC §13).
enum UsagePeriod: String, CaseIterable, Sendable {
    case today, week, month

    /// The next one, for `p`.
    var next: UsagePeriod {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The period's first second (Unix) that contains `now`.
    func start(at now: Int) -> Int {
        let day = now >= 0 ? now / 86_400 : (now - 86_399) / 86_400
        switch self {
        case .today:
            return day * 86_400
        case .week:
            // 1970-01-01 was a Thursday: 3 days after a Monday.
            return (day - ((day + 3) % 7 + 7) % 7) * 86_400
        case .month:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(now)))
            return Int(calendar.date(from: parts)!.timeIntervalSince1970)
        }
    }

    /// "today", "this week (since Mon 30 Nov)", "this month (since 1 Dec)": for the table's title.
    func caption(at now: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = self == .week ? "EEE d MMM" : "d MMM"
        let since = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(start(at: now))))
        switch self {
        case .today: return "today (since \(since) 00:00 UTC)"
        case .week: return "this week (since \(since))"
        case .month: return "this month (since \(since))"
        }
    }
}

/// One group of `GET /v1/usage`.
struct UsageRow: Equatable, Sendable {
    var group: String
    var requests = 0
    var errors = 0
    var inputTokens = 0
    var outputTokens = 0
    var images = 0
    var videoSeconds: Double = 0
    var costUSD: Double = 0

    /// The rows summed, for the table's last line.
    static func total(_ rows: [UsageRow]) -> UsageRow {
        rows.reduce(into: UsageRow(group: "Total")) { total, row in
            total.requests += row.requests
            total.errors += row.errors
            total.inputTokens += row.inputTokens
            total.outputTokens += row.outputTokens
            total.images += row.images
            total.videoSeconds += row.videoSeconds
            total.costUSD += row.costUSD
        }
    }
}
