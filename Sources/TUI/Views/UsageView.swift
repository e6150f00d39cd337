/// The Usage screen: a title naming the grouping and period, one row per group (requests, errors,
/// tokens, images, video seconds, cost) and their total on the last line.
enum UsageView {
    /// Draws the title, the table and its total, or the reason there is none, into `area`.
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 1 else { return }
        let title = "Usage by \(state.usageGrouping.rawValue) · \(state.usagePeriod.caption(at: state.now))"
        frame.put(TextWidth.truncated(title, to: area.width - 1), x: area.x + 1, y: area.y, style: .bold)
        guard area.height > 1 else { return }
        if state.usage.isEmpty {
            let (message, style): (String, Style) =
                if let error = state.usageError { (error, .error) }
                else if state.loadingUsage { ("Loading…", .dim) }
                else { ("No usage in this period.", .dim) }
            frame.put(TextWidth.truncated(message, to: area.width - 1), x: area.x + 1, y: area.y + 1, style: style)
            return
        }
        let widths = [9, 7, 10, 11, 7, 8, 10]
        let fixed = widths.reduce(0, +)
        let groupWidth = max(area.width - 1 - fixed, 8)
        func row(_ group: String, _ cells: [String]) -> String {
             " " + View.left(group, groupWidth) + zip(cells, widths).map { View.right($0, $1) }.joined()
        }
        func cells(_ row: UsageRow) -> [String] {
            [View.count(row.requests), View.count(row.errors), View.count(row.inputTokens), View.count(row.outputTokens), View.count(row.images),
             View.seconds(row.videoSeconds), View.usd(row.costUSD)]
        }
        frame.put(row(state.usageGrouping.rawValue.capitalized, ["Requests", "Errors", "Input tok", "Output tok", "Images", "Video s", "Cost"]),
                  x: area.x, y: area.y + 1, style: .dim)
        // The total takes the last line; the groups scroll in between.
        let rows = area.height - 3
        if rows > 0 {
            let first = max(0, min(state.usageScroll, state.usage.count - rows))
            for (offset, usage) in state.usage.dropFirst(first).prefix(rows).enumerated() {
                frame.put(row(label(usage.group, state), cells(usage)), x: area.x, y: area.y + 2 + offset)
            }
        }
        if area.height > 2 {
            frame.put(row("Total", cells(UsageRow.total(state.usage))), x: area.x, y: area.y + area.height - 1, style: .bold)
        }
    }

    /// A key's group reads with its name when the Keys screen has listed it.
    private static func label(_ group: String, _ state: AppState) -> String {
        guard state.usageGrouping == .key, let key = state.keys.first(where: { $0.id == group }) else { return group }
        return "\(key.name) (\(group))"
    }
}
