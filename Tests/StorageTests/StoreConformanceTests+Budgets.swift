import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    private static let now: Double = 1_767_607_200  // Monday 2026-01-05 10:00 UTC

    @Test("50 concurrent requests at 0.01 USD against 0.10 USD left: exactly 10 are admitted, and the ledger never passes the budget",
          arguments: LedgerBackend.allCases)
    func budgetExactness(backend: LedgerBackend) async throws {
        try await backend.withLedger { usage in
            let bound = BudgetBound(scope: .key("key_b"), budget: Budget(usd: 0.10, period: .day))
            let verdicts = try await withThrowingTaskGroup(of: (String, BudgetVerdict).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let id = "req_\(index)"
                        return (id, try await usage.reserve(id: id, estimate: 0.01, bounds: [bound], now: Self.now, lapseSeconds: 3600))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = verdicts.filter { $0.1 == .admitted }.map(\.0)
            #expect(admitted.count == 10)
            // The admitted ones end, each having cost what it estimated: the reservations become spend.
            try await usage.record(admitted.map {
                UsageEntry(id: $0, time: Self.now, keyID: "key_b", principal: "key_b", model: "groq/x", costUSD: 0.01)
            })
            #expect(abs(try await usage.spend(.key("key_b"), sinceDay: bound.budget.period.startDay(at: Self.now)) - 0.10) < 1e-9)
            let after = try await usage.reserve(id: "req_late", estimate: 0.01, bounds: [bound], now: Self.now, lapseSeconds: 3600)
            guard case .exceeded(let full, let spent) = after else {
                Issue.record("a spent budget admitted a request")
                return
            }
            #expect(full == bound && abs(spent - 0.10) < 1e-9)
            // The next day the budget is whole again.
            #expect(try await usage.reserve(id: "req_tomorrow", estimate: 0.01, bounds: [bound], now: Self.now + 86_400, lapseSeconds: 3600) == .admitted)
        }
    }

    @Test("a reservation counts until its ledger row replaces it or it lapses; the team's budget binds its keys too", arguments: LedgerBackend.allCases)
    func reservations(backend: LedgerBackend) async throws {
        try await backend.withLedger { usage in
            let key = BudgetBound(scope: .key("key_c"), budget: Budget(usd: 1, period: .month))
            let team = BudgetBound(scope: .team("team_t"), budget: Budget(usd: 0.5, period: .week))
            #expect(try await usage.reserve(id: "r1", estimate: 0.5, bounds: [key, team], now: Self.now, lapseSeconds: 60) == .admitted)
            #expect(spentBound(try await usage.reserve(id: "r2", estimate: 0.1, bounds: [key, team], now: Self.now, lapseSeconds: 60)) == team)
            // r1 ends having cost less than estimated: its reservation goes, its real cost stays.
            try await usage.record([UsageEntry(id: "r1", time: Self.now, keyID: "key_c", teamID: "team_t", principal: "key_c", model: "m", costUSD: 0.2)])
            #expect(try await usage.reserve(id: "r3", estimate: 0.4, bounds: [key, team], now: Self.now, lapseSeconds: 60) == .admitted)
            let r4 = try await usage.reserve(id: "r4", estimate: 0.1, bounds: [key, team], now: Self.now, lapseSeconds: 60)
            #expect(spentBound(r4) == team)
            if case .exceeded(_, let spent) = r4 { #expect(abs(spent - 0.6) < 1e-9) }
            // r3's replica died: after its lapse it no longer holds the budget.
            #expect(try await usage.reserve(id: "r5", estimate: 0.1, bounds: [key, team], now: Self.now + 61, lapseSeconds: 60) == .admitted)
            try await usage.release(id: "r5")
            #expect(try await usage.reserve(id: "r6", estimate: 0.1, bounds: [key], now: Self.now + 61, lapseSeconds: 60) == .admitted)
            #expect(try await usage.reserve(id: "r7", estimate: 0.1, bounds: [], now: Self.now, lapseSeconds: 60) == .admitted)
        }
    }
}

/// The bound a verdict names as spent; nil when it admitted.
private func spentBound(_ verdict: BudgetVerdict) -> BudgetBound? {
    if case .exceeded(let bound, _) = verdict { return bound }
    return nil
}

@Suite("Budget periods")
struct BudgetPeriodTests {
    @Test("periods start at 00:00 UTC, weeks on Monday, months on the 1st, and reset at the next start")
    func periods() {
        let wednesday: Double = 1_767_830_400 + 3600  // 2026-01-08 01:00 UTC is a Thursday; this is Thursday 01:00
        let day = Int(wednesday / 86_400)
        #expect(BudgetPeriod.day.startDay(at: wednesday) == day)
        #expect(BudgetPeriod.week.startDay(at: wednesday) == day - 3)  // Monday 2026-01-05
        #expect(BudgetPeriod.month.startDay(at: wednesday) == day - 7)  // 2026-01-01
        #expect(BudgetPeriod.total.startDay(at: wednesday) == 0)
        #expect(BudgetPeriod.day.reset(after: wednesday) == Double(day + 1) * 86_400)
        #expect(BudgetPeriod.week.reset(after: wednesday) == Double(day + 4) * 86_400)
        #expect(BudgetPeriod.month.reset(after: wednesday) == 1_769_904_000)  // 2026-02-01
        #expect(BudgetPeriod.month.reset(after: 1_796_083_200) == 1_798_761_600)  // 2026-12-01 → 2027-01-01
        #expect(BudgetPeriod.total.reset(after: wednesday) == nil)
        #expect(BudgetPeriod.week.startDay(at: 0) == -3)  // 1970-01-01 was a Thursday
    }
}

extension StoreConformanceTests {
    @Test("in-memory budgets start from the spend the database holds, and write their rows through to it")
    func inMemoryBudgetsLoad() async throws {
        try await Backend.sqlite.withStores { stores in
            let now: Double = 1_767_607_200
            try await stores.usage.record([UsageEntry(id: "a", time: now, keyID: "key_m", principal: "key_m", model: "groq/x", costUSD: 0.07)])
            let budgets = try await SingleProcessBudgets.load(over: stores.usage)
            let bound = BudgetBound(scope: .key("key_m"), budget: Budget(usd: 0.10, period: .day))
            #expect(try await budgets.reserve(id: "b", estimate: 0.05, bounds: [bound], now: now, lapseSeconds: 60) == .admitted)
            guard case .exceeded(_, let spent) = try await budgets.reserve(id: "c", estimate: 0.01, bounds: [bound], now: now, lapseSeconds: 60) else {
                Issue.record("a reservation over the loaded spend was admitted")
                return
            }
            #expect(abs(spent - 0.12) < 1e-9)
            try await budgets.record([UsageEntry(id: "b", time: now, keyID: "key_m", principal: "key_m", model: "groq/x", costUSD: 0.01)])
            #expect(abs(try await stores.usage.spend(.key("key_m"), sinceDay: bound.budget.period.startDay(at: now)) - 0.08) < 1e-9)
            #expect(try await budgets.reserve(id: "d", estimate: 0.01, bounds: [bound], now: now, lapseSeconds: 60) == .admitted)
        }
    }
}
