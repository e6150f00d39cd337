/// The Providers screen: one row per provider and kind — keys usable/cooling/benched, circuit (not closed
/// in the error style), the last 5 minutes' requests, errors and latencies, and the last error cut to fit.
enum ProvidersView {
    /// The fixed columns after the provider's: kind, keys, circuit, requests, errors, p50, p95.
    private static let widths = [6, 11, 10, 6, 5, 7, 7]

    /// Draws a title, the table, or the reason there is none, into `area`.
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 1 else { return }
        let title = "Providers · last 5 minutes · refreshed every \(ProvidersRefresh.seconds) s"
        frame.put(TextWidth.truncated(title, to: area.width - 1), x: area.x + 1, y: area.y, style: .bold)
        guard area.height > 1 else { return }
        if state.providers.isEmpty {
            let (message, style): (String, Style) =
                if let error = state.providersError { (error, .error) }
                else if state.loadingProviders { ("Loading…", .dim) }
                else { ("No providers configured.", .dim) }
            frame.put(TextWidth.truncated(message, to: area.width - 1), x: area.x + 1, y: area.y + 1, style: style)
            return
        }
        let fixed = widths.reduce(0, +)
        let nameWidth = max(min(16, area.width - 1 - fixed - 12), 8)
        let errorWidth = max(area.width - 1 - nameWidth - fixed, 1)
        func row(_ name: String, _ cells: [String], _ error: String) -> String {
            " " + View.left(name, nameWidth) + View.left(cells[0], widths[0]) + View.left(cells[1], widths[1]) + View.left(cells[2], widths[2])
                + zip(cells.dropFirst(3), widths.dropFirst(3)).map { View.right($0, $1) }.joined() + TextWidth.truncated(error, to: errorWidth)
        }
        frame.put(row("Provider", ["Kind", "Keys u/c/b", "Circuit", "Req", "Err", "p50 ms", "p95 ms"], "Last error"), x: area.x, y: area.y + 1, style: .dim)
        let circuitX = area.x + 1 + nameWidth + widths[0] + widths[1]
        for (offset, provider) in state.providers.prefix(max(area.height - 2, 0)).enumerated() {
            let y = area.y + 2 + offset
            let keys = provider.keys.map { "\($0.usable)/\($0.cooling)/\($0.benched)" } ?? "-"
            let window = provider.window5
            let error = provider.lastError.map { message in provider.lastErrorStatus.map { "\($0) \(message)" } ?? message } ?? ""
            frame.put(row(provider.id, [provider.kind, keys, provider.circuit, View.count(window.requests), View.count(window.errors),
                                        milliseconds(window.p50Ms), milliseconds(window.p95Ms)], error), x: area.x, y: y)
            if provider.circuit != "closed" {
                frame.put(TextWidth.truncated(provider.circuit, to: widths[2] - 1), x: circuitX, y: y, style: .error)
            }
        }
    }

    /// "120", or "-" before any request.
    static func milliseconds(_ value: Double?) -> String {
        value.map { View.count(Int($0.rounded())) } ?? "-"
    }
}
