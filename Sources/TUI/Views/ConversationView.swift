/// A conversation: its turns, newest at the bottom, scrolled with PgUp/PgDn; the turn a new message
/// continues is marked when it is not the last.
enum ConversationView {
    /// One row of the conversation: text in one style, or cells drawn as they are (an image's half blocks).
    enum Row: Equatable {
        case text(MarkdownWrap.Line)
        case cells([Cell])

        static func line(_ text: String, _ style: Style) -> Row { .text(.init(text: text, style: style)) }
    }

    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 0 else { return }
        let lines = self.lines(state, width: area.width - 1, height: area.height)
        if lines.isEmpty {
            let hint = state.openLeafID == nil ? "A new conversation: type below and press Enter." : "Loading…"
            frame.put(TextWidth.truncated(hint, to: area.width), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let end = max(lines.count - min(state.scroll, max(lines.count - area.height, 0)), 0)
        let start = max(end - area.height, 0)
        for (offset, row) in lines[start..<end].enumerated() {
            let y = area.y + offset
            switch row {
            case .text(let line):
                frame.put(line.text, x: area.x + 1, y: y, style: line.style, limit: area.width - 1)
                if line.style.reverse { frame.fill(row: y, from: area.x + 1, style: line.style) }
            case .cells(let cells):
                for (column, cell) in cells.prefix(area.width - 1).enumerated() { frame.set(cell, x: area.x + 1 + column, y: y) }
            }
        }
    }

    /// Every row of every turn; the continued turn's rows end where the view ends. `height` is the body's,
    /// which bounds how tall an image preview is.
    static func lines(_ state: AppState, width: Int, height: Int) -> [Row] {
        guard width > 0 else { return [] }
        var lines: [Row] = []
        for (index, turn) in state.turns.enumerated() {
            let marked = state.selectedTurn == index
            let youStyle = marked ? Style(bold: true, reverse: true) : .bold
            lines.append(.line(marked ? "You — Enter continues from here (a new branch)" : "You", youStyle))
            lines += MarkdownWrap.wrap(turn.user, width: width, first: "  ", rest: "  ").map { Row.line($0, .plain) }
            lines.append(.line(turn.model, Style(foreground: 4, bold: true)))
            // Progress lines replace each other, as in a chat UI: only the latest one shows.
            if let latest = turn.progress.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) {
                lines.append(.line(TextWidth.truncated("  " + latest, to: width), .dim))
            }
            let streaming = state.streaming && index == state.turns.count - 1
            lines += AnswerRows.rows(turn.assistant, streaming: streaming, marked: marked, width: width, height: height, state)
            if let failure = turn.failure {
                lines.append(.line(TextWidth.truncated("  ⚠ \(failure)", to: width), .error))
            }
            lines.append(.line("", .plain))
            if marked { break }
        }
        return lines
    }
}
