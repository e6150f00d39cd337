/// The first screen: one row per conversation (title, model, turns, age), the selected one reversed.
enum ConversationListView {
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0 else { return }
        let list = state.visibleConversations
        if list.isEmpty {
            let message = state.loadingConversations ? "Loading…"
                : state.filter.isEmpty ? "No conversations yet. Press n to start one." : "No conversation matches “\(state.filter)”."
            frame.put(TextWidth.truncated(message, to: area.width), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let modelWidth = min(24, area.width / 4), turnsWidth = 6, ageWidth = 5
        let titleWidth = max(area.width - modelWidth - turnsWidth - ageWidth - 4, 1)
        func row(_ title: String, _ model: String, _ turns: String, _ age: String) -> String {
            " " + TextWidth.padded(title, to: titleWidth) + " " + TextWidth.padded(model, to: modelWidth) + " "
                + TextWidth.padded(turns, to: turnsWidth) + TextWidth.padded(age, to: ageWidth)
        }
        frame.put(row("Title", "Model", "Turns", "Age"), x: area.x, y: area.y, style: .dim)
        let rows = area.height - 1
        guard rows > 0 else { return }
        let first = max(0, min(state.selectedConversation - rows + 1, list.count - rows))
        for (offset, conversation) in list.dropFirst(first).prefix(rows).enumerated() {
            let y = area.y + 1 + offset
            let selected = first + offset == state.selectedConversation
            let clean = conversation.cleanTitle
            let title = clean.isEmpty ? "(untitled)" : clean.split(whereSeparator: \.isNewline).joined(separator: " ")
            frame.put(row(title, conversation.model, "\(conversation.turns)", View.age(conversation.updatedAt, now: state.now)), x: area.x, y: y,
                      style: selected ? .reverse : .plain)
            if selected { frame.fill(row: y, style: .reverse) }
        }
    }
}
