/// A prompt with its `--flags` taken out (SPEC §5).
///
/// Chat boxes with rich-text input rewrite what users type, so an em or en dash that starts a word counts
/// as `--`, and curly quotes as straight ones. Flags are `--name value` tokens anywhere; a value is one word
/// or a "double-quoted string"; a flag with no value is `true`; negative numbers are values (`--seed -1`).
///
/// ```swift
/// let parsed = PromptFlags.parse("A cat —ratio 16:9 --negative \"blurry, dark\" --seed -1")
/// parsed.prompt            // "A cat"
/// parsed.values["ratio"]   // "16:9"
/// ```
public struct PromptFlags: Sendable, Equatable {
    /// The prompt without its flags, spaces collapsed around where they stood.
    public let prompt: String
    /// Flag values by canonical name (aliases resolved), in the order given; a repeated flag keeps its last value.
    public let values: [String: String]
    /// Canonical names in the order they appeared, for error messages.
    public let order: [String]

    /// Aliases of SPEC §5 (`--rt` is `--ratio`, …).
    public static let aliases: [String: String] = [
        "rt": "ratio", "dur": "duration", "rs": "resolution", "cf": "camerafixed", "negative_prompt": "negative",
    ]

    public static func parse(_ text: String) -> PromptFlags {
        let normalized = normalize(text)
        var kept = ""
        var values: [String: String] = [:]
        var order: [String] = []
        var index = normalized.startIndex
        while index < normalized.endIndex {
            let character = normalized[index]
            let atWordStart = index == normalized.startIndex || normalized[normalized.index(before: index)].isWhitespace
            if atWordStart, character == "-", let (name, afterName) = flagName(in: normalized, at: index) {
                let (value, afterValue) = flagValue(in: normalized, from: afterName)
                let canonical = aliases[name] ?? name
                if values[canonical] == nil { order.append(canonical) }
                values[canonical] = value ?? "true"
                index = afterValue
                continue
            }
            kept.append(character)
            index = normalized.index(after: index)
        }
        let prompt = kept.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }.joined(separator: "\n")
            .trimmingSpaces()
        return PromptFlags(prompt: prompt, values: values, order: order)
    }

    /// Dashes that start a word become `--`; curly quotes become straight.
    static func normalize(_ text: String) -> String {
        var out = ""
        var previous: Character = " "
        for character in text {
            let isDash = character == "\u{2014}" || character == "\u{2013}"
            if isDash, previous.isWhitespace {
                out += "--"
                previous = character
                continue
            }
            switch character {
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{2033}":
                out.append("\"")
            case "\u{2018}", "\u{2019}":
                out.append("'")
            default:
                out.append(character)
            }
            previous = character
        }
        return out
    }

    /// `--name` at `index`: a letter after two dashes, then letters, digits and `_`.
    private static func flagName(in text: String, at index: String.Index) -> (String, String.Index)? {
        var cursor = index
        for _ in 0..<2 {
            guard cursor < text.endIndex, text[cursor] == "-" else { return nil }
            cursor = text.index(after: cursor)
        }
        guard cursor < text.endIndex, text[cursor].isLetter, text[cursor].isASCII else { return nil }
        var name = ""
        while cursor < text.endIndex, text[cursor].isASCII, text[cursor].isLetter || text[cursor].isNumber || text[cursor] == "_" {
            name.append(text[cursor])
            cursor = text.index(after: cursor)
        }
        guard cursor == text.endIndex || text[cursor].isWhitespace else { return nil }
        return (name.lowercased(), cursor)
    }

    /// The value after a flag name: the next word or quoted string, unless it is itself a flag.
    private static func flagValue(in text: String, from start: String.Index) -> (String?, String.Index) {
        var cursor = start
        while cursor < text.endIndex, text[cursor] == " " || text[cursor] == "\t" { cursor = text.index(after: cursor) }
        guard cursor < text.endIndex, !text[cursor].isNewline else { return (nil, start) }
        if text[cursor] == "\"" {
            let open = text.index(after: cursor)
            if let close = text[open...].firstIndex(of: "\"") {
                return (String(text[open..<close]), text.index(after: close))
            }
        }
        if text[cursor] == "-", flagName(in: text, at: cursor) != nil { return (nil, start) }
        var end = cursor
        while end < text.endIndex, !text[end].isWhitespace { end = text.index(after: end) }
        return (String(text[cursor..<end]), end)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
