/// The admin console: the markdown answer of the last `admin/magic` command.
enum AdminView {
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0, area.width > 1 else { return }
        guard !state.adminAnswer.isEmpty else {
            frame.put(TextWidth.truncated("Type an admin/magic command below (`/help` lists them) and press Enter.", to: area.width - 1), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let lines = MarkdownWrap.lines(state.adminAnswer, width: area.width - 1)
        let first = min(state.adminScroll, max(lines.count - area.height, 0))
        for (offset, line) in lines.dropFirst(first).prefix(area.height).enumerated() {
            frame.put(line.text, x: area.x + 1, y: area.y + offset, style: line.style)
        }
    }
}
