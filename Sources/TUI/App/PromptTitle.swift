import Foundation

/// A conversation's title without the prompt's `--flags`: `a red fox in snow`, not
/// `a red fox in snow --ratio 16:9`.
///
/// The gateway's flag parser lives in the Media module, which the client does not link (it talks HTTP
/// only), so this is a small copy of its rules for the prompt part alone: a flag is `--name` (or `—name`
/// and `–name`, as rich-text chat boxes rewrite `--`) at the start of a word, `name` an ASCII letter then
/// letters, digits or `_`; its value is the next word or a quoted string, unless that is itself a flag or
/// on the next line. Unlike the server, the kept text is left as typed (dashes and quotes unchanged).
enum PromptTitle {
    static func clean(_ title: String) -> String {
        let text = Array(title)
        var kept = ""
        var index = 0
        while index < text.count {
            let atWordStart = index == 0 || text[index - 1].isWhitespace
            if atWordStart, let afterName = flagEnd(text, at: index) {
                index = valueEnd(text, from: afterName)
                continue
            }
            kept.append(text[index])
            index += 1
        }
        // Spaces collapse around where the flags stood, as the server's prompt does.
        return kept.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where the flag starting at `index` ends (after its name), if one starts there.
    private static func flagEnd(_ text: [Character], at index: Int) -> Int? {
        var cursor = index
        if text[cursor] == "\u{2014}" || text[cursor] == "\u{2013}" {
            cursor += 1
        } else if cursor + 1 < text.count, text[cursor] == "-", text[cursor + 1] == "-" {
            cursor += 2
        } else {
            return nil
        }
        guard cursor < text.count, text[cursor].isASCII, text[cursor].isLetter else { return nil }
        while cursor < text.count, text[cursor].isASCII, text[cursor].isLetter || text[cursor].isNumber || text[cursor] == "_" { cursor += 1 }
        return cursor == text.count || text[cursor].isWhitespace ? cursor : nil
    }

    /// Where a flag's value (if it has one) ends.
    private static func valueEnd(_ text: [Character], from start: Int) -> Int {
        var cursor = start
        while cursor < text.count, text[cursor] == " " || text[cursor] == "\t" { cursor += 1 }
        guard cursor < text.count, !text[cursor].isNewline, flagEnd(text, at: cursor) == nil else { return start }
        if quotes.contains(text[cursor]), let close = text[(cursor + 1)...].firstIndex(where: quotes.contains) {
            return close + 1
        }
        while cursor < text.count, !text[cursor].isWhitespace { cursor += 1 }
        return cursor
    }

    /// Straight and curly double quotes, which the server treats alike.
    private static let quotes: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{2033}"]
}
