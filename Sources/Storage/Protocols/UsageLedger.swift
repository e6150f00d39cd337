/// The usage ledger (SPEC §13): one row per request and media job, and the spend totals budgets read.
/// Implementations: `SQLiteUsageLedger` and `PostgresUsageLedger`; both pass the same conformance suite.
///
/// ```swift
/// try await ledger.record([UsageEntry(time: now, keyID: "key_1", principal: "key_1", model: "groq/x", costUSD: 0.002)])
/// let spent = try await ledger.spend(.key("key_1"), sinceDay: today)
/// ```
public protocol UsageLedger: Sendable {
    /// Writes entries in one transaction, with their costs added to their key's and team's daily totals.
    func record(_ entries: [UsageEntry]) async throws
    /// The spend of a key or team from the UTC day number `sinceDay` (Unix seconds / 86 400) on.
    func spend(_ scope: SpendScope, sinceDay: Int) async throws -> Double
    /// Entries from `from` up to (not including) `to`, Unix seconds, grouped; only `keyID`'s when given.
    /// Groups come sorted by name; a `tag` group counts each entry once per tag.
    func summary(from: Double, to: Double, groupBy: UsageGrouping, keyID: String?) async throws -> [UsageGroup]
}
