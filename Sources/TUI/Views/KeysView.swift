/// The Keys screen: one row per managed key (name, hint, budget, spend, rate, status, models), the
/// selected one reversed; or why there is no list (a non-admin's 403).
enum KeysView {
    /// Draws the list, or the reason there is none, into `area`.
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0 else { return }
        if state.keys.isEmpty {
            let (message, style): (String, Style) =
                if let error = state.keysError { (error, .error) }
                else if state.loadingKeys { ("Loading…", .dim) }
                else { ("No managed keys yet. Press n to create one.", .dim) }
            frame.put(TextWidth.truncated(message, to: max(area.width - 1, 0)), x: area.x + 1, y: area.y, style: style)
            return
        }
        let fixed = 16 + 15 + 10 + 6 + 9
        let nameWidth = max(min(22, area.width - 1 - fixed - 12), 7)
        let modelsWidth = max(area.width - 1 - fixed - nameWidth, 1)
        func row(_ name: String, _ hint: String, _ budget: String, _ spent: String, _ rpm: String, _ status: String, _ models: String) -> String {
            " " + View.left(name, nameWidth) + View.left(hint, 16) + View.left(budget, 15) + View.right(spent, 10) + View.right(rpm, 6)
                + View.left(status, 9) + TextWidth.truncated(models, to: modelsWidth)
        }
        frame.put(row("Name", "Key", "Budget", "Spent", "RPM", "Status", "Models"), x: area.x, y: area.y, style: .dim)
        let rows = area.height - 1
        guard rows > 0 else { return }
        let first = max(0, min(state.selectedKey - rows + 1, state.keys.count - rows))
        for (offset, key) in state.keys.dropFirst(first).prefix(rows).enumerated() {
            let y = area.y + 1 + offset
            let selected = first + offset == state.selectedKey
            let budget = key.budgetUSD.map { View.usd($0) + "/" + (key.budgetPeriod ?? "month") } ?? "none"
            frame.put(row(key.name, key.hint, budget, View.usd(key.spendUSD), key.rpm.map(String.init) ?? "-", key.status(now: state.now),
                          key.models?.joined(separator: ",") ?? "all"),
                      x: area.x, y: y, style: selected ? .reverse : .plain)
            if selected { frame.fill(row: y, style: .reverse) }
        }
    }
}
