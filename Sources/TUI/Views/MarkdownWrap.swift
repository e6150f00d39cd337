/// Markdown-aware wrapping for answers: paragraphs wrap at word boundaries, list items wrap under their
/// text, headings are bold, and fenced code blocks keep their lines as they are (cut at the edge, never
/// re-wrapped).
enum MarkdownWrap {
    struct Line: Equatable, Sendable {
        var text: String
        var style: Style
    }

    static func lines(_ markdown: String, width: Int, style: Style = .plain) -> [Line] {
        guard width > 0 else { return [] }
        var result: [Line] = []
        var inCode = false
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingLeadingSpaces
            if trimmed.hasPrefix("```") {
                inCode.toggle()
                result.append(Line(text: TextWidth.truncated(line, to: width), style: .code))
                continue
            }
            if inCode {
                result.append(Line(text: TextWidth.prefix(line.replacingTabs, fitting: width), style: .code))
                continue
            }
            if trimmed.hasPrefix("#") {
                let heading = trimmed.drop { $0 == "#" }.trimmingLeadingSpaces
                result += wrap(heading, width: width).map { Line(text: $0, style: Style(foreground: style.foreground, bold: true)) }
                continue
            }
            if let marker = listMarker(of: line) {
                let indent = String(repeating: " ", count: TextWidth.of(marker))
                let body = String(line.dropFirst(marker.count))
                result += wrap(body, width: width, first: marker, rest: indent).map { Line(text: $0, style: style) }
                continue
            }
            result += wrap(line, width: width).map { Line(text: $0, style: style) }
        }
        return result
    }

    /// Word-wraps one paragraph; `first` and `rest` are the prefixes of its first and other lines.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var current = first
        var currentWidth = TextWidth.of(first)
        var hasWord = false
        func flush() {
            lines.append(current)
            current = rest
            currentWidth = TextWidth.of(rest)
            hasWord = false
        }
        for word in text.replacingTabs.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            let wordWidth = TextWidth.of(word)
            if hasWord, currentWidth + 1 + wordWidth > width { flush() }
            if hasWord {
                current += " "
                currentWidth += 1
            }
            // A word longer than the line is broken where it reaches the edge.
            while currentWidth + TextWidth.of(word) > width, width > currentWidth {
                let piece = TextWidth.prefix(word, fitting: width - currentWidth)
                guard !piece.isEmpty else { break }
                current += piece
                word = word.dropFirst(piece.count)
                currentWidth += TextWidth.of(piece)
                hasWord = true
                flush()
            }
            guard !word.isEmpty else { continue }
            current += word
            currentWidth += TextWidth.of(word)
            hasWord = true
        }
        if hasWord || lines.isEmpty { lines.append(current) }
        return lines.map { TextWidth.prefix($0, fitting: width) }
    }

    /// `- `, `* `, `+ ` or `12. ` with its leading spaces, when the line is a list item.
    static func listMarker(of line: String) -> String? {
        let spaces = line.prefix { $0 == " " }
        let rest = line.dropFirst(spaces.count)
        for bullet in ["- ", "* ", "+ "] where rest.hasPrefix(bullet) { return spaces + bullet }
        let digits = rest.prefix { $0.isNumber }
        if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(". ") { return spaces + digits + ". " }
        return nil
    }
}

private extension StringProtocol {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
    var replacingTabs: String { String(flatMap { $0 == "\t" ? Array("    ") : [$0] }) }
}
