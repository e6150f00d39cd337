/// The media gallery: kind, size, age and prompt of each file, the selected one reversed; and the
/// preview of an image.
enum MediaView {
    static func draw(_ state: AppState, in area: Area, _ frame: inout Frame) {
        guard area.height > 0 else { return }
        if state.media.isEmpty {
            frame.put(TextWidth.truncated("No media yet: ask an image/… or video/… model for one.", to: area.width), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        func row(_ kind: String, _ size: String, _ age: String, _ prompt: String) -> String {
            " " + TextWidth.padded(kind, to: 6) + TextWidth.padded(size, to: 9) + TextWidth.padded(age, to: 5) + " "
                + TextWidth.truncated(prompt, to: max(area.width - 22, 1))
        }
        frame.put(row("Kind", "Size", "Age", "Prompt"), x: area.x, y: area.y, style: .dim)
        let rows = area.height - 1
        guard rows > 0 else { return }
        let first = max(0, min(state.selectedMedia - rows + 1, state.media.count - rows))
        for (offset, item) in state.media.dropFirst(first).prefix(rows).enumerated() {
            let y = area.y + 1 + offset
            let selected = first + offset == state.selectedMedia
            frame.put(row(item.kind, View.size(item.bytes), View.age(item.createdAt, now: state.now), item.prompt), x: area.x, y: y,
                      style: selected ? .reverse : .plain)
            if selected { frame.fill(row: y, style: .reverse) }
        }
    }

    /// The preview fills the body: a caption, then the image centred (or why there is none).
    static func drawPreview(_ item: MediaItem, _ state: AppState, in area: Area, _ frame: inout Frame) {
        for y in area.y..<(area.y + area.height) {
            for x in area.x..<(area.x + area.width) { frame.set(.blank, x: x, y: y) }
        }
        guard area.height > 0 else { return }
        var caption = item.prompt
        if let image = state.preview { caption += " — \(image.width)×\(image.height)" }
        frame.put(TextWidth.truncated(caption + " — Esc closes", to: area.width), x: area.x, y: area.y, style: .bold)
        guard area.height > 1 else { return }
        guard let image = state.preview else {
            frame.put(TextWidth.truncated(state.previewMessage ?? "", to: area.width), x: area.x, y: area.y + 1, style: state.previewMessage == "Loading the image…" ? .dim : .error)
            return
        }
        let rows = HalfBlock.render(image, columns: area.width, rows: area.height - 1, trueColor: state.trueColor)
        let left = area.x + (area.width - (rows.first?.count ?? 0)) / 2
        for (offset, cells) in rows.enumerated() {
            for (column, cell) in cells.enumerated() { frame.set(cell, x: left + column, y: area.y + 1 + offset) }
        }
    }
}
