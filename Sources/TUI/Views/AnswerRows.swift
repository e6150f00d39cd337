/// How one answer reads in a conversation: its markdown wrapped, each Prism image as a half-block preview
/// with its caption under it, each video as a one-line card. The signed links are never shown: they are
/// capabilities, and a terminal cannot follow them anyway.
enum AnswerRows {
    typealias Row = ConversationView.Row

    /// The tallest preview, in rows: a few, so an image does not push the conversation off the screen.
    static let maxPreviewRows = 8

    /// The rows of `answer`, two columns in from the left, within `width`; a streaming answer ends with a
    /// cursor.
    static func rows(_ answer: String, streaming: Bool, marked: Bool, width: Int, height: Int, _ state: AppState) -> [Row] {
        guard !answer.isEmpty || streaming else { return [] }
        var parts = AnswerParts.split(answer)
        if streaming {
            if case .text(let last)? = parts.last { parts[parts.count - 1] = .text(last + "▌") } else { parts.append(.text("▌")) }
        }
        let inner = max(width - 2, 1)
        var rows: [Row] = []
        for part in parts {
            switch part {
            case .text(let text):
                rows += MarkdownWrap.lines(text, width: inner).map { Row.line("  " + $0.text, $0.style) }
            case .media(let link) where link.kind == .video:
                rows.append(videoCard(link, marked: marked, width: width))
            case .media(let link):
                // Half the body at most, so the turn around the image stays in sight on a short terminal.
                let previewRows = min(maxPreviewRows, max(height / 2, 1))
                rows += image(link, rows: previewRows, width: width, state)
            }
        }
        return rows
    }

    /// `▶ A paper boat · 4s`; on the marked turn, how to open it.
    static func videoCard(_ link: MediaLink, marked: Bool, width: Int) -> Row {
        var card = "  ▶ " + (link.caption.isEmpty ? "video" : link.caption)
        if let duration = link.duration { card += " · " + duration }
        if marked { card += " — o opens it" }
        return .line(TextWidth.truncated(card, to: width), Style(foreground: 6, bold: true))
    }

    /// The preview and its caption once the image is decoded; until then, or when it cannot be, one line
    /// that says so.
    static func image(_ link: MediaLink, rows: Int, width: Int, _ state: AppState) -> [Row] {
        let caption = link.caption.isEmpty ? "image" : link.caption
        func placeholder(_ note: String, _ style: Style) -> [Row] {
            [.line(TextWidth.truncated("  ▣ \(caption) — \(note)", to: width), style)]
        }
        guard let id = link.id else { return placeholder("sent inline, not previewed here", .dim) }
        switch state.inlineImages[id] {
        case .loaded(let image)?:
            let blocks = HalfBlock.render(image, columns: max(width - 2, 1), rows: rows, trueColor: state.trueColor)
            let preview = blocks.map { Row.cells([Cell.blank, Cell.blank] + $0) }
            return preview + [Row.line(TextWidth.truncated("  " + caption, to: width), .dim)]
        case .failed(let reason)?:
            return placeholder("no preview: \(reason)", .dim)
        case .loading?, nil:
            return placeholder("loading the image…", .dim)
        }
    }
}
