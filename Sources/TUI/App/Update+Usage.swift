/// The Usage screen: the ledger summed by key, model or provider over today, this week or this month.
extension Update {
    /// Keys on the table: ↑/↓ scroll, `g` grouping, `p` period, `r` refresh; Tab, `?` and `q` as on every list.
    static func pressInUsage(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let scroll = selection(after: key, from: state.usageScroll, count: state.usage.count) {
            state.usageScroll = scroll
            return []
        }
        switch key {
        case .character("g"):
            state.usageGrouping = state.usageGrouping.next
            return reloadUsage(&state)
        case .character("p"):
            state.usagePeriod = state.usagePeriod.next
            return reloadUsage(&state)
        case .character("r"):
            return reloadUsage(&state)
        default:
            return pressInAnyList(key, next: .providers, &state)
        }
    }

    /// Asks for the table of the current grouping and period, from the period's start to the end of the
    /// current second (the clock is the last tick's).
    static func reloadUsage(_ state: inout AppState) -> [Effect] {
        state.loadingUsage = true
        state.usageScroll = 0
        let from = state.usagePeriod.start(at: state.now)
        return [.loadUsage(grouping: state.usageGrouping, period: state.usagePeriod, from: from, to: state.now + 1)]
    }

    /// The table of the current grouping and period replaces the old one; a refusal shows its message in its place.
    static func usageLoaded(grouping: UsageGrouping, period: UsagePeriod, _ result: Result<[UsageRow], ClientError>, _ state: inout AppState) {
        guard grouping == state.usageGrouping, period == state.usagePeriod else { return }
        state.loadingUsage = false
        if let rows = tableLoaded(result, &state, rows: \.usage, error: \.usageError, cursor: \.usageScroll) {
            inform(&state, rows.isEmpty ? "No usage \(period.caption(at: state.now))." : "\(rows.count) group\(rows.count == 1 ? "" : "s") by \(grouping.rawValue)")
        }
    }
}
