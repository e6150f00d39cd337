/// The usage ledger (SPEC §13): one row per request and media job, and the spend totals budgets read.
/// Implementations: `SQLiteUsageLedger` and `PostgresUsageLedger`; both pass the same conformance suite.
///
/// ```swift
/// try await ledger.record([UsageEntry(time: now, keyID: "key_1", principal: "key_1", model: "groq/x", costUSD: 0.002)])
/// let spent = try await ledger.spend(.key("key_1"), sinceDay: today)
/// ```
public protocol UsageLedger: Sendable {
    /// Writes entries in one transaction, with their costs added to their key's and team's daily totals and
    /// the budget reservations of the same ids dropped: spend plus reservations never counts a request
    /// twice or not at all.
    func record(_ entries: [UsageEntry]) async throws
    /// Reserves `estimate` USD under `id` against every bound, if each bound's spend in its current period
    /// plus the estimates reserved by running requests is below its budget (the estimate itself need not
    /// fit, SPEC §13); otherwise reserves nothing and names the first bound that is spent. Atomic across
    /// replicas. A reservation left by a replica that died lapses after `lapseSeconds`.
    func reserve(id: String, estimate: Double, bounds: [BudgetBound], now: Double, lapseSeconds: Double) async throws -> BudgetVerdict
    /// Drops the reservations of `id` (a request that ends without a ledger row).
    func release(id: String) async throws
    /// The spend of a key or team from the UTC day number `sinceDay` (Unix seconds / 86 400) on.
    func spend(_ scope: SpendScope, sinceDay: Int) async throws -> Double
    /// The spends of many scopes, each from its own day on, in the order asked: for lists (one query on a
    /// server, not one per row).
    func spends(_ asked: [SpendQuery]) async throws -> [Double]
    /// Every key's and team's spend by UTC day (`scope` as `key:<id>` or `team:<id>`), for a process that
    /// keeps budgets in memory (`SingleProcessBudgets`).
    func dailySpend() async throws -> [DailySpend]
    /// Entries from `from` up to (not including) `to`, Unix seconds, grouped; only `keyID`'s when given.
    /// Groups come sorted by name; a `tag` group counts each entry once per tag.
    func summary(from: Double, to: Double, groupBy: UsageGrouping, keyID: String?) async throws -> [UsageGroup]
    /// Adds a replica's counts to the shared totals of their windows in one transaction and answers the
    /// totals of every window of `windows` (their scope and span; a window nobody counted in is not answered). Rows of
    /// windows that ended before `now` − 1 day are removed on the way.
    func addRateCounts(_ counts: [RateCount], totalsOf windows: [RateCount], now: Double) async throws -> [RateCount]
}

/// A scope's spend from a UTC day number on.
public struct SpendQuery: Sendable {
    public let scope: SpendScope
    public let sinceDay: Int

    public init(_ scope: SpendScope, sinceDay: Int) {
        self.scope = scope
        self.sinceDay = sinceDay
    }
}

extension UsageLedger {
    /// One read per scope: for ledgers in this process, where a read is no round trip.
    public func spends(_ asked: [SpendQuery]) async throws -> [Double] {
        var spends: [Double] = []
        for query in asked { spends.append(try await spend(query.scope, sinceDay: query.sinceDay)) }
        return spends
    }
}
