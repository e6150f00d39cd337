/// What opens over a screen: help, a delete confirmation, the model picker, an image preview, and the Keys
/// screen's form, new secret and revoke question, and a logged request with its attempts.
enum Overlays {
    static func draw(_ overlay: AppState.Overlay, _ state: AppState, in area: Area, _ frame: inout Frame) {
        switch overlay {
        case .help:
            box(title: "Keys", lines: help(for: state.screen), in: area, &frame)
        case .confirmDelete(let question):
            box(title: "Delete", lines: [question, "", "y deletes · any other key keeps it"], in: area, &frame)
        case .modelPicker(let selected):
            let models = state.models.isEmpty ? ["(loading models…)"] : state.models
            let room = max(area.height - 2, 1)
            let first = max(0, min(selected - room + 1, models.count - room))
            box(title: "Model (↑/↓, Enter picks, Esc keeps)", lines: Array(models.dropFirst(first).prefix(room)), selected: selected - first, in: area, &frame)
        case .preview(let item):
            MediaView.drawPreview(item, state, in: area, &frame)
        case .newKey(let form):
            KeyOverlays.drawForm(form, in: area, &frame)
        case .createdKey(let created):
            KeyOverlays.drawSecret(created, in: area, &frame)
        case .confirmRevoke(let id, let name):
            box(title: "Revoke", lines: ["Revoke the key “\(name)” (\(id))?", "Requests with it are refused at once.", "",
                                         "y revokes · any other key keeps it"], in: area, &frame)
        case .job(let job):
            box(title: "Job", lines: job.lines, in: area, &frame)
        case .request(let request):
            box(title: "Request", lines: RequestsView.detail(request), in: area, &frame)
        }
    }

    static func help(for screen: AppState.Screen) -> [String] {
        let common = ["F1        this help", "Ctrl-C    quit"]
        switch screen {
        case .conversations:
            return ["↑/↓       select", "Enter     open", "n         new conversation", "d         delete", "/         filter",
                    "r         refresh", "Tab       media, keys, usage, providers, requests, admin", "?         this help", "q         quit"] + common
        case .conversation:
            return ["typing    the message", "Enter     send (continues the marked or last turn)", "↑/↓       pick the turn to continue",
                    "o         open that turn's video or image (empty draft)", "PgUp/PgDn scroll", "Ctrl-O    pick the model",
                    "Esc       stop an answer, or back to the list"] + common
        case .media:
            return ["↑/↓       select", "Enter     preview an image", "o         show the link", "w         follow its job", "d         delete",
                    "r         refresh",
                    "Tab       keys", "?         this help", "q         quit"] + common
        case .keys:
            return ["↑/↓       select", "n         new key (its secret is shown once)", "d         revoke (asks first)", "r         refresh",
                    "Tab       usage", "?         this help", "q         quit"] + common
        case .usage:
            return ["↑/↓       scroll", "g         group by key, model or provider", "p         period: today, this week, this month",
                    "r         refresh", "Tab       providers", "?         this help", "q         quit"] + common
        case .providers:
            return ["r         refresh now (it refreshes itself every \(ProvidersRefresh.seconds) s)", "Tab       requests", "?         this help",
                    "q         quit"] + common
        case .requests:
            return ["↑/↓       select", "Enter     the request's fields and attempts", "Esc       close them", "r         refresh",
                    "Tab       admin", "?         this help", "q         quit"] + common
        case .admin:
            return ["typing    an admin/magic command", "Enter     run it", "PgUp/PgDn scroll the answer", "Esc       clear",
                    "Tab       conversations"] + common
        }
    }

    /// A framed box in the middle of `area` with `lines`, the `selected` one reversed.
    static func box(title: String, lines: [String], selected: Int? = nil, in area: Area, _ frame: inout Frame) {
        let inner = min(max(lines.map { TextWidth.of($0) }.max() ?? 0, TextWidth.of(title)) + 2, max(area.width - 2, 1))
        let height = min(lines.count + 2, area.height)
        guard height >= 2, area.width >= 4 else { return }
        let left = area.x + max((area.width - inner - 2) / 2, 0)
        let top = area.y + max((area.height - height) / 2, 0)
        let heading = TextWidth.truncated("─ \(title) ", to: inner)
        frame.put("┌" + heading + String(repeating: "─", count: max(inner - TextWidth.of(heading), 0)) + "┐", x: left, y: top, style: .bold)
        for (offset, line) in lines.prefix(height - 2).enumerated() {
            let style: Style = offset == selected ? .reverse : .plain
            frame.put("│", x: left, y: top + 1 + offset, style: .bold)
            frame.put(TextWidth.padded(" " + line, to: inner), x: left + 1, y: top + 1 + offset, style: style)
            frame.put("│", x: left + inner + 1, y: top + 1 + offset, style: .bold)
        }
        frame.put("└" + String(repeating: "─", count: inner) + "┘", x: left, y: top + height - 1, style: .bold)
    }
}
