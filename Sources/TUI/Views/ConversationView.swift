/// A conversation: its turns, newest at the bottom, scrolled with PgUp/PgDn; the turn a new message
/// continues is marked when it is not the last.
enum ConversationView {
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 0 else { return }
        let lines = self.lines(state, width: area.width - 1)
        if lines.isEmpty {
            let hint = state.openLeafID == nil ? "A new conversation: type below and press Enter." : "Loading…"
            frame.put(TextWidth.truncated(hint, to: area.width), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let end = max(lines.count - min(state.scroll, max(lines.count - area.height, 0)), 0)
        let start = max(end - area.height, 0)
        for (offset, line) in lines[start..<end].enumerated() {
            frame.put(line.text, x: area.x + 1, y: area.y + offset, style: line.style, limit: area.width - 1)
            if line.style.reverse { frame.fill(row: area.y + offset, from: area.x + 1, style: line.style) }
        }
    }

    /// Every line of every turn, with its style; the continued turn's lines end where the view ends.
    static func lines(_ state: AppState, width: Int) -> [MarkdownWrap.Line] {
        guard width > 0 else { return [] }
        var lines: [MarkdownWrap.Line] = []
        for (index, turn) in state.turns.enumerated() {
            let marked = state.selectedTurn == index
            let youStyle = marked ? Style(bold: true, reverse: true) : .bold
            lines.append(.init(text: marked ? "You — Enter continues from here (a new branch)" : "You", style: youStyle))
            lines += MarkdownWrap.wrap(turn.user, width: width, first: "  ", rest: "  ").map { .init(text: $0, style: .plain) }
            lines.append(.init(text: turn.model, style: Style(foreground: 4, bold: true)))
            for progress in turn.progress.split(separator: "\n") {
                lines += MarkdownWrap.wrap(String(progress), width: width, first: "  ", rest: "  ").map { .init(text: $0, style: .dim) }
            }
            let streaming = state.streaming && index == state.turns.count - 1
            let answer = turn.assistant + (streaming ? "▌" : "")
            if !answer.isEmpty {
                lines += MarkdownWrap.lines(answer, width: max(width - 2, 1)).map { .init(text: "  " + $0.text, style: $0.style) }
            }
            if let failure = turn.failure {
                lines.append(.init(text: TextWidth.truncated("  ⚠ \(failure)", to: width), style: .error))
            }
            lines.append(.init(text: "", style: .plain))
            if marked { break }
        }
        return lines
    }
}
