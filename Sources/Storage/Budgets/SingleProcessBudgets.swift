import Synchronization

/// The usage ledger of a gateway that is the only process on its database (SQLite, the default): budget
/// admission from memory instead of a database transaction per request (SPEC §13). Spend by day is read
/// once at start-up and kept current by `record`; reservations live here only. Rows, summaries and rate
/// counts go to the database as before. The same rules as the database's `reserve`: a request is admitted
/// while spend plus reservations is below each budget, and its reservation is replaced by its row's cost in
/// one step, so nothing is counted twice or not at all.
///
/// ```swift
/// let ledger = try await SingleProcessBudgets.load(over: stores.usage)
/// ```
public final class SingleProcessBudgets: UsageLedger {
    private struct State {
        var spend: [String: [Int: Double]] = [:]
        var reservations: [String: [(scope: String, usd: Double, lapsesAt: Double)]] = [:]
    }

    private let ledger: any UsageLedger
    private let state: Mutex<State>

    private init(ledger: any UsageLedger, spend: [DailySpend]) {
        self.ledger = ledger
        var state = State()
        for row in spend { state.spend[row.scope, default: [:]][row.day, default: 0] += row.usd }
        self.state = Mutex(state)
    }

    /// Reads every day's spend from `ledger` and keeps budgets in memory from here on.
    public static func load(over ledger: any UsageLedger) async throws -> SingleProcessBudgets {
        SingleProcessBudgets(ledger: ledger, spend: try await ledger.dailySpend())
    }

    public func record(_ entries: [UsageEntry]) async throws {
        try await ledger.record(entries)
        state.withLock { state in
            for entry in entries {
                state.reservations[entry.id] = nil
                for scope in entry.spendScopes where entry.costUSD != 0 { state.spend[scope, default: [:]][entry.day, default: 0] += entry.costUSD }
            }
        }
    }

    public func reserve(id: String, estimate: Double, bounds: [BudgetBound], now: Double, lapseSeconds: Double) async throws -> BudgetVerdict {
        guard !bounds.isEmpty else { return .admitted }
        return state.withLock { state in
            for bound in bounds {
                let scope = bound.scope.column
                let since = bound.budget.period.startDay(at: now)
                let spent = (state.spend[scope] ?? [:]).reduce(0) { $0 + ($1.key >= since ? $1.value : 0) }
                    + state.reservations.values.reduce(0) { sum, held in sum + held.reduce(0) { $0 + ($1.scope == scope && $1.lapsesAt > now ? $1.usd : 0) } }
                if bound.isSpent(by: spent) { return .exceeded(bound, spent: spent) }
            }
            state.reservations[id] = bounds.map { ($0.scope.column, estimate, now + lapseSeconds) }
            return .admitted
        }
    }

    public func release(id: String) async throws {
        state.withLock { _ = $0.reservations.removeValue(forKey: id) }
    }

    public func spend(_ scope: SpendScope, sinceDay: Int) async throws -> Double {
        state.withLock { ($0.spend[scope.column] ?? [:]).reduce(0) { $0 + ($1.key >= sinceDay ? $1.value : 0) } }
    }

    public func dailySpend() async throws -> [DailySpend] {
        state.withLock { state in state.spend.flatMap { scope, days in days.map { DailySpend(scope: scope, day: $0.key, usd: $0.value) } } }
    }

    public func summary(from: Double, to: Double, groupBy: UsageGrouping, keyID: String?) async throws -> [UsageGroup] {
        try await ledger.summary(from: from, to: to, groupBy: groupBy, keyID: keyID)
    }

    public func addRateCounts(_ counts: [RateCount], totalsOf windows: [RateCount], now: Double) async throws -> [RateCount] {
        try await ledger.addRateCounts(counts, totalsOf: windows, now: now)
    }
}
