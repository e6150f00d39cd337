import Testing
@testable import TUI

@Suite("the Usage screen: by key, model or provider; today, this week, this month")
struct UsageTests {
    @Test("periods start at 00:00 UTC, weeks on Monday, months on the 1st")
    func periods() {
        let sunday = 1_796_558_400  // 2026-12-06 12:00 UTC
        #expect(UsagePeriod.today.start(at: sunday) == 1_796_515_200)
        #expect(UsagePeriod.week.start(at: sunday) == 1_795_996_800)  // Monday 30 Nov
        #expect(UsagePeriod.month.start(at: sunday) == 1_796_083_200)  // 1 Dec
        #expect(UsagePeriod.week.start(at: 1_795_996_800) == 1_795_996_800)  // a Monday at 00:00 starts its own week
        let leapDay = 1_709_164_800 + 3_600  // 2024-02-29 01:00 UTC, a Thursday
        #expect(UsagePeriod.week.start(at: leapDay) == 1_708_905_600 && UsagePeriod.month.start(at: leapDay) == 1_706_745_600)
        #expect(UsagePeriod.week.caption(at: sunday) == "this week (since Mon 30 Nov)")
    }

    @Test("g switches the grouping and p the period, each asking again; a late table for another is dropped")
    func switching() {
        var state = usageState()
        #expect(feed(&state, [.key(.character("g"))]) == [.loadUsage(grouping: .provider, period: .today, from: 1_796_515_200, to: 1_796_558_401)])
        #expect(feed(&state, [.key(.character("g"))]) == [.loadUsage(grouping: .key, period: .today, from: 1_796_515_200, to: 1_796_558_401)])
        #expect(feed(&state, [.key(.character("p"))]) == [.loadUsage(grouping: .key, period: .week, from: 1_795_996_800, to: 1_796_558_401)])
        #expect(feed(&state, [.key(.character("p"))]) == [.loadUsage(grouping: .key, period: .month, from: 1_796_083_200, to: 1_796_558_401)])
        feed(&state, [.usageLoaded(grouping: .model, period: .today, .success([]))])
        #expect(state.usage.count == 2 && state.loadingUsage)
        feed(&state, [.usageLoaded(grouping: .key, period: .month, .success([UsageRow(group: "key_ci", requests: 2, costUSD: 0.5)]))])
        #expect(state.usage.map(\.group) == ["key_ci"] && !state.loadingUsage && state.status == "1 group by key")
        // A key's group reads with its name.
        #expect(View.render(state, width: 80, height: 8).text.contains(" ci (key_ci) "))
    }

    @Test("the table: a row per group and their total on the last line")
    func table() {
        let frame = View.render(usageState(), width: 90, height: 9)
        #expect(frame.text == """
             Prism  Conversations  Media  Keys [Usage] Providers  Requests  Admin             F1 help
             Usage by model · today (since 6 Dec 00:00 UTC)
             Model                      Requests Errors Input tok Output tok Images Video s      Cost
             groq/llama                    1,200      3    45,000     12,345      0       0     $0.75
             image/doubao                      4      0         0          0      4       0     $0.12

             Total                         1,204      3    45,000     12,345      4       0     $0.87
            g group: model · p period: today · r refresh · Tab providers · ? help · q quit

            """)
        #expect(frame.cell(x: 2, y: 6).style.bold)
    }

    @Test("a refusal (a key without usage, the gateway down) shows its message in place of the table")
    func failure() {
        var state = usageState()
        feed(&state, [.key(.character("r")), .usageLoaded(grouping: .model, period: .today, .failure(ClientError("Not allowed (403): Usage is kept per managed key.")))])
        let frame = View.render(state, width: 60, height: 5)
        #expect(frame.text.split(separator: "\n")[2] == " Not allowed (403): Usage is kept per managed key.")
        #expect(state.usage.isEmpty && state.statusIsError)
    }

    @Test("amounts read shortly: thousands grouped, cents, fractions of a cent")
    func amounts() {
        #expect(View.count(1_234_567) == "1,234,567" && View.count(999) == "999" && View.count(0) == "0")
        #expect(View.usd(0) == "$0.00" && View.usd(0.0042) == "$0.0042" && View.usd(12.5) == "$12.50")
        #expect(View.seconds(4) == "4" && View.seconds(4.5) == "4.5")
    }
}
