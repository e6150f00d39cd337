import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    /// 2026-01-05 (a Monday) 10:00 UTC, and the day number it falls in.
    private static let monday: Double = 1_767_607_200
    private static var mondayDay: Int { Int(monday / 86_400) }

    private func entry(
        _ hoursLater: Double, key: String? = "key_a", team: String? = "team_x", model: String = "groq/x", provider: String = "groq",
        cost: Double, status: Int = 200, tags: [String] = []
    ) -> UsageEntry {
        UsageEntry(
            id: "req_\(UUID().uuidString)", time: Self.monday + hoursLater * 3600, keyID: key, teamID: team, principal: key ?? "admin", tags: tags, model: model, provider: provider,
            upstreamModel: "x", inputTokens: 10, outputTokens: 5, images: model.hasPrefix("image/") ? 1 : 0, costUSD: cost, latencyMs: 12,
            firstByteMs: 3, status: status)
    }

    @Test("spend adds up by key and team from a day on, and entries without cost or key add nothing", arguments: LedgerBackend.allCases)
    func spendTotals(backend: LedgerBackend) async throws {
        try await backend.withLedger { usage in
            try await usage.record([
                entry(0, cost: 0.25), entry(1, cost: 0.5), entry(30, cost: 1),  // Monday, Monday, Tuesday
                entry(2, key: "key_b", cost: 2), entry(3, key: nil, team: nil, cost: 4), entry(4, cost: 0),
            ])
            try await usage.record([entry(31, cost: 0.125)])
            #expect(try await usage.spend(.key("key_a"), sinceDay: Self.mondayDay) == 1.875)
            #expect(try await usage.spend(.key("key_a"), sinceDay: Self.mondayDay + 1) == 1.125)
            #expect(try await usage.spend(.team("team_x"), sinceDay: Self.mondayDay) == 3.875)
            #expect(try await usage.spend(.key("key_none"), sinceDay: 0) == 0)
            // Many at once, each from its own day, in the order asked (a list's one read).
            let asked = [SpendQuery(.team("team_x"), sinceDay: Self.mondayDay), SpendQuery(.key("key_none"), sinceDay: 0),
                         SpendQuery(.key("key_a"), sinceDay: Self.mondayDay + 1), SpendQuery(.key("key_a"), sinceDay: Self.mondayDay)]
            #expect(try await usage.spends(asked) == [3.875, 0, 1.125, 1.875])
            #expect(try await usage.spends([]) == [])
            try await usage.record([])
        }
    }

    @Test("summaries group by every grouping, in a range, for one key or everyone", arguments: LedgerBackend.allCases)
    func summaries(backend: LedgerBackend) async throws {
        try await backend.withLedger { usage in
            try await usage.record([
                entry(0, cost: 0.25, tags: ["ci", "nightly"]), entry(1, model: "image/doubao", provider: "doubao", cost: 0.5, status: 500, tags: ["ci"]),
                entry(30, key: "key_b", team: nil, cost: 1), entry(24 * 8, cost: 9),
            ])
            let (from, to) = (Self.monday, Self.monday + 86_400 * 7)
            let byModel = try await usage.summary(from: from, to: to, groupBy: .model, keyID: nil)
            #expect(byModel == [
                UsageGroup(group: "groq/x", requests: 2, errors: 0, inputTokens: 20, outputTokens: 10, images: 0, videoSeconds: 0, costUSD: 1.25),
                UsageGroup(group: "image/doubao", requests: 1, errors: 1, inputTokens: 10, outputTokens: 5, images: 1, videoSeconds: 0, costUSD: 0.5),
            ])
            #expect(try await usage.summary(from: from, to: to, groupBy: .key, keyID: nil).map(\.group) == ["key_a", "key_b"])
            #expect(try await usage.summary(from: from, to: to, groupBy: .team, keyID: nil).map(\.group) == ["-", "team_x"])
            #expect(try await usage.summary(from: from, to: to, groupBy: .provider, keyID: "key_a").map(\.group) == ["doubao", "groq"])
            #expect(try await usage.summary(from: from, to: to, groupBy: .route, keyID: nil).map(\.requests) == [3])
            let tags = try await usage.summary(from: from, to: to, groupBy: .tag, keyID: nil)
            #expect(tags.map(\.group) == ["ci", "nightly"] && tags.map(\.requests) == [2, 1])
            #expect(try await usage.summary(from: from, to: to, groupBy: .day, keyID: nil).map(\.group) == ["2026-01-05", "2026-01-06"])
            #expect(try await usage.summary(from: from, to: to, groupBy: .hour, keyID: nil).map(\.group)
                    == ["2026-01-05T10:00Z", "2026-01-05T11:00Z", "2026-01-06T16:00Z"])
            #expect(try await usage.summary(from: from, to: to, groupBy: .model, keyID: "key_nobody").isEmpty)
        }
    }
}
