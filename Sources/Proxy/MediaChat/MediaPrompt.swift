import Foundation
import Media
import PrismShared

/// The media request hidden in a chat: the text of the last user message, its flags, its image parts.
struct MediaPrompt: Sendable {
    let text: String
    let flags: PromptFlags
    let inputImages: [String]
    /// The prompt held `/repeat`.
    let repeatFrames: Bool

    /// A prompt on its own, as a job keeps it.
    init(text: String) {
        self.init(messages: [["role": "user", "content": .string(text)]])
    }

    init(messages: [JSONValue]) {
        let last = messages.last { $0["role"] == "user" }
        var text = ""
        var images: [String] = []
        switch last?["content"] {
        case .string(let value)?:
            text = value
        case .array(let parts)?:
            for part in parts {
                if let value = part["text"]?.stringValue { text += (text.isEmpty ? "" : "\n") + value }
                if let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue { images.append(url) }
            }
        default:
            break
        }
        self.text = text
        // `/repeat` (video): the input image is both first and last frame. It is a command, not a flag.
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        repeatFrames = words.contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "/repeat" }
        flags = PromptFlags.parse(repeatFrames ? words.filter { $0.trimmingCharacters(in: .whitespacesAndNewlines) != "/repeat" }.joined(separator: " ") : text)
        inputImages = images
    }

    /// Open WebUI's background prompts (titles, tags, follow-ups) start like this; they must not start jobs.
    var isBackgroundTask: Bool { text.hasPrefix("### Task:") }
    var isHelp: Bool { text.trimmingCharacters(in: .whitespacesAndNewlines) == "/help" }

    /// The prompt without flags, newlines collapsed, cut to 60 characters, `[` `]` as `(` `)` and no `\`:
    /// what a markdown link shows.
    var shortPrompt: String {
        let flat = flags.prompt.split(whereSeparator: \.isNewline).joined(separator: " ")
        var short = String(flat.prefix(60))
        if flat.count > 60 { short += "…" }
        // Brackets would end the link text, and escapes show raw in some chat UIs: plain characters instead.
        return String(short.compactMap { character -> Character? in
            switch character {
            case "[": return "("
            case "]": return ")"
            case "\\": return nil
            default: return character
            }
        })
    }

    /// The media id of a Prism link (`…/v1/media/<id>.<ext>…`), if `text` is one.
    static func mediaID(in text: String) -> String? {
        guard let range = text.range(of: "/v1/media/") else { return nil }
        let id = text[range.upperBound...].prefix { $0 != "." && $0 != "?" && $0 != ")" }
        return Identifier.isWellFormed(String(id)) ? String(id) : nil
    }

    /// The last Prism image link in an assistant answer (`![…](…/v1/media/…)`).
    static func mediaLink(in text: String) -> String? {
        guard let range = text.range(of: "/v1/media/", options: .backwards) else { return nil }
        let start = text[..<range.lowerBound].lastIndex(of: "(").map { text.index(after: $0) } ?? range.lowerBound
        let end = text[range.upperBound...].firstIndex(of: ")") ?? text.endIndex
        return String(text[start..<end])
    }
}
