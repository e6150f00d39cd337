/// The Requests screen: the log newest first — time (UTC), status, model, provider, latency, tokens, cost —
/// the selected row reversed; or why there is none (a non-admin's 403).
enum RequestsView {
    /// The fixed columns after the time and status: provider, latency, tokens, cost.
    private static let widths = [11, 10, 14, 9]

    /// Draws the list, or the reason there is none, into `area`.
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 1 else { return }
        if state.requests.isEmpty {
            let (message, style): (String, Style) =
                if let error = state.requestsError { (error, .error) }
                else if state.loadingRequests { ("Loading…", .dim) }
                else { ("No requests logged yet.", .dim) }
            frame.put(TextWidth.truncated(message, to: area.width - 1), x: area.x + 1, y: area.y, style: style)
            return
        }
        let modelWidth = max(area.width - 1 - 9 - 7 - widths.reduce(0, +), 8)
        func row(_ time: String, _ status: String, _ model: String, _ cells: [String]) -> String {
            " " + View.left(time, 9) + View.left(status, 7) + View.left(model, modelWidth) + View.left(cells[0], widths[0])
                + zip(cells.dropFirst(), widths.dropFirst()).map { View.right($0, $1) }.joined()
        }
        frame.put(row("Time", "Status", "Model", ["Provider", "Latency", "Tokens in/out", "Cost"]), x: area.x, y: area.y, style: .dim)
        let rows = area.height - 1
        guard rows > 0 else { return }
        let first = max(0, min(state.selectedRequest - rows + 1, state.requests.count - rows))
        for (offset, request) in state.requests.dropFirst(first).prefix(rows).enumerated() {
            let y = area.y + 1 + offset
            let selected = first + offset == state.selectedRequest
            let text = row(clock(request.createdAt), String(request.status), request.model ?? "-",
                           [request.provider ?? "-", request.latencyMs.map { ProvidersView.milliseconds($0) + " ms" } ?? "-",
                            "\(View.count(request.inputTokens))/\(View.count(request.outputTokens))", View.usd(request.costUSD)])
            frame.put(text, x: area.x, y: y, style: selected ? .reverse : (request.status >= 400 ? .error : .plain))
            if selected { frame.fill(row: y, style: .reverse) }
        }
    }

    /// "12:00:03": the time of day in UTC.
    static func clock(_ time: Int) -> String {
        let seconds = ((time % 86_400) + 86_400) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// The overlay's lines: the request's fields, then one line per attempt and its error under it.
    static func detail(_ request: LoggedRequest) -> [String] {
        func field(_ name: String, _ value: String) -> String { TextWidth.padded(name, to: 10) + value }
        var lines = [field("id", request.id), field("time", clock(request.createdAt) + " UTC · " + request.surface)]
        lines.append(field("key", (request.keyID ?? "-") + " · " + request.principal))
        let route = [request.provider, request.upstreamModel].compactMap { $0 }.joined(separator: " ")
        lines.append(field("model", (request.model ?? "-") + (route.isEmpty ? "" : " → " + route)))
        lines.append(field("status", String(request.status) + (request.errorCode.map { " " + $0 } ?? "")))
        let latency = request.latencyMs.map { ProvidersView.milliseconds($0) + " ms" } ?? "-"
        lines.append(field("latency", latency + (request.ttfbMs.map { " (first byte " + ProvidersView.milliseconds($0) + " ms)" } ?? "")))
        lines.append(field("tokens", "\(View.count(request.inputTokens)) in · \(View.count(request.outputTokens)) out · \(View.usd(request.costUSD))"))
        lines += ["", "Attempts (\(request.attempts.count)):"]
        for (index, attempt) in request.attempts.enumerated() {
            lines.append("\(index + 1). \(attempt.provider)  \(attempt.key)  \(attempt.status.map(String.init) ?? "no answer")  "
                         + ProvidersView.milliseconds(attempt.durationMs) + " ms")
            if let error = attempt.error { lines.append("   " + error) }
        }
        return lines + ["", "Esc closes"]
    }
}
