import Foundation

/// Draws the state: a header with the screens, the screen's body, an input or hint line, a status line,
/// and an overlay on top when one is open. Pure: the same state and size give the same frame.
enum View {
    static func render(_ state: AppState, width: Int, height: Int) -> Frame {
        var frame = Frame(width: width, height: height)
        guard width > 0, height > 0 else { return frame }
        let body = Area(x: 0, y: 1, width: width, height: max(height - 3, 0))
        header(state, &frame)
        switch state.screen {
        case .conversations: ConversationListView.draw(state, in: body, &frame)
        case .conversation: ConversationView.draw(state, in: body, &frame)
        case .media: MediaView.draw(state, in: body, &frame)
        case .keys: KeysView.draw(state, in: body, &frame)
        case .usage: UsageView.draw(state, in: body, &frame)
        case .providers: ProvidersView.draw(state, in: body, &frame)
        case .requests: RequestsView.draw(state, in: body, &frame)
        case .admin: AdminView.draw(state, in: body, &frame)
        }
        if height >= 3 { inputLine(state, y: height - 2, &frame) }
        if height >= 2 {
            frame.put(TextWidth.truncated(state.status, to: width), x: 0, y: height - 1, style: state.statusIsError ? .error : .dim)
        }
        if let overlay = state.overlay { Overlays.draw(overlay, state, in: body, &frame) }
        return frame
    }

    private static func header(_ state: AppState, _ frame: inout Frame) {
        frame.fill(row: 0, style: .reverse)
        var x = frame.put(" Prism ", x: 0, y: 0, style: Style(bold: true, reverse: true))
        // An open conversation shows its own tab only, leaving the room to its title.
        let tabs: [(String, Bool)] = state.screen == .conversation ? [("Conversations", true)] : [
            ("Conversations", state.screen == .conversations),
            ("Media", state.screen == .media), ("Keys", state.screen == .keys), ("Usage", state.screen == .usage),
            ("Providers", state.screen == .providers), ("Requests", state.screen == .requests),
            ("Admin", state.screen == .admin),
        ]
        for (name, active) in tabs {
            x += frame.put(active ? "[\(name)]" : " \(name) ", x: x, y: 0, style: Style(bold: active, reverse: true))
        }
        let help = " F1 help "
        var room = frame.width - x
        // An open conversation names itself; the help hint gives way first when the line is short.
        if state.screen == .conversation, let title = state.openTitle, !title.isEmpty, room > 2 {
            let titleRoom = room - TextWidth.of(help) > 12 ? room - TextWidth.of(help) - 1 : room - 1
            x += 1 + frame.put(TextWidth.truncated(title, to: titleRoom), x: x + 1, y: 0, style: Style(bold: true, reverse: true))
            room = frame.width - x
        }
        if room > TextWidth.of(help) { frame.put(help, x: frame.width - TextWidth.of(help), y: 0, style: .reverse) }
    }

    /// The draft of the screen that takes text, or what the keys do.
    private static func inputLine(_ state: AppState, y: Int, _ frame: inout Frame) {
        switch state.screen {
        case .conversation:
            let model = state.sendModel.map { " \($0) " } ?? " no model: Ctrl-O "
            let modelWidth = min(TextWidth.of(model), frame.width / 3)
            typing("> ", state.streaming ? "(answer arriving; Esc stops) " + state.draft : state.draft, y: y, width: frame.width - modelWidth, &frame)
            frame.put(TextWidth.truncated(model, to: modelWidth), x: frame.width - modelWidth, y: y, style: .reverse)
        case .admin:
            typing("admin> ", state.adminBusy ? "(running…)" : state.adminDraft, y: y, width: frame.width, &frame)
        case .conversations where state.filtering || !state.filter.isEmpty:
            typing("/", state.filter, y: y, width: frame.width, &frame)
        case .conversations:
            frame.put(TextWidth.truncated("Enter open · n new · d delete · / filter · r refresh · Tab media · ? help · q quit", to: frame.width), x: 0, y: y, style: .dim)
        case .media:
            frame.put(TextWidth.truncated("Enter preview · o link · d delete · r refresh · Tab keys · ? help · q quit", to: frame.width), x: 0, y: y, style: .dim)
        case .keys:
            frame.put(TextWidth.truncated("n new key · d revoke · r refresh · Tab usage · ? help · q quit", to: frame.width), x: 0, y: y, style: .dim)
        case .usage:
            let hint = "g group: \(state.usageGrouping.rawValue) · p period: \(state.usagePeriod.rawValue) · r refresh · Tab providers · ? help · q quit"
            frame.put(TextWidth.truncated(hint, to: frame.width), x: 0, y: y, style: .dim)
        case .providers:
            frame.put(TextWidth.truncated("r refresh now · Tab requests · ? help · q quit", to: frame.width), x: 0, y: y, style: .dim)
        case .requests:
            frame.put(TextWidth.truncated("Enter attempts · r refresh · Tab admin · ? help · q quit", to: frame.width), x: 0, y: y, style: .dim)
        }
    }

    /// A prompt and the end of what is typed, with a cursor block.
    private static func typing(_ prompt: String, _ text: String, y: Int, width: Int, _ frame: inout Frame) {
        let room = max(width - TextWidth.of(prompt) - 1, 0)
        var shown = Substring(text)
        while TextWidth.of(shown) > room, !shown.isEmpty { shown = shown.dropFirst() }
        let x = frame.put(prompt, x: 0, y: y, style: .bold, limit: width)
        let typed = frame.put(shown, x: x, y: y, limit: max(width - x, 0))
        frame.put("▌", x: x + typed, y: y, limit: max(width - x - typed, 0))
    }

    /// "5m", "3h", "2d": how long ago `time` was.
    static func age(_ time: Int, now: Int) -> String {
        let seconds = max(now - time, 0)
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86400: return "\(seconds / 3600)h"
        case ..<(86400 * 14): return "\(seconds / 86400)d"
        default: return "\(seconds / (86400 * 7))w"
        }
    }

    /// "12 KB": a file size.
    static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: return "\(bytes) B"
        case ..<(1 << 20): return "\(bytes >> 10) KB"
        default: return String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
        }
    }
}

/// A rectangle of the frame.
struct Area: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}
