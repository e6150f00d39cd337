import PrismShared

/// A link to a file Prism made, as its answers write them (the server's `MediaMarkdown`):
/// `![caption](<base>/v1/media/<id>.png?sig=…)` for an image, `[▶ caption (4s)](<base>/v1/media/<id>.mp4?sig=…)`
/// for a video.
struct MediaLink: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case image, video }

    let kind: Kind
    /// The media id, which keys the preview cache; `nil` for an image sent inline as a `data:` URI.
    let id: String?
    let caption: String
    /// A video's length as the link gives it (`4s`), if it does.
    let duration: String?
    /// The signed link: fetched or opened, never printed.
    let url: String
}

/// An answer cut into markdown text and media links, so the conversation view can draw a preview or a
/// card where the raw markdown and its signed URL would be.
enum AnswerPart: Equatable, Sendable {
    case text(String)
    case media(MediaLink)
}

enum AnswerParts {
    /// Lines that are a media link on their own become `.media`; the HTML player block right after a video
    /// link (`VIDEO_MARKUP=html`: a blank line, `<video controls>`, the URL, `</video>`) is dropped, since a
    /// terminal cannot play it and it repeats the signed URL; everything else, fenced code included, stays
    /// text.
    static func split(_ answer: String) -> [AnswerPart] {
        var parts: [AnswerPart] = []
        var text: [Substring] = []
        var inCode = false
        var inPlayer = false
        func flush() {
            if !text.isEmpty { parts.append(.text(text.joined(separator: "\n"))) }
            text = []
        }
        for line in answer.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces
            if inPlayer {
                if trimmed == "</video>" { inPlayer = false }
                continue
            }
            if trimmed.hasPrefix("```") { inCode.toggle() }
            if !inCode, trimmed.hasPrefix("<video"), case .media(let link)? = parts.last, link.kind == .video,
               text.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
                // The blank line before the player goes with it.
                text = []
                inPlayer = !trimmed.hasSuffix("</video>")
                continue
            }
            if !inCode, let found = link(in: trimmed) {
                flush()
                parts.append(.media(found))
                continue
            }
            text.append(line)
        }
        flush()
        return parts
    }

    /// The first media link of an answer, for `o`.
    static func firstMedia(in answer: String) -> MediaLink? {
        split(answer).lazy.compactMap { part -> MediaLink? in
            if case .media(let link) = part { return link }
            return nil
        }.first
    }

    /// `line` as a media link, when it is one and nothing else.
    static func link(in line: String) -> MediaLink? {
        let isImage = line.hasPrefix("![")
        guard isImage || line.hasPrefix("[▶"), line.hasSuffix(")") else { return nil }
        let label = line.dropFirst(2)
        // The caption escapes `[`, `]` and `\` with a backslash; its end is the first bare `](`.
        var caption = ""
        var index = label.startIndex
        var escaped = false
        while index < label.endIndex {
            let character = label[index]
            if escaped {
                caption.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "]" {
                break
            } else {
                caption.append(character)
            }
            index = label.index(after: index)
        }
        let rest = label[index...]
        guard rest.hasPrefix("](") else { return nil }
        let url = String(rest.dropFirst(2).dropLast())
        guard !url.contains(where: \.isWhitespace) else { return nil }
        if isImage, url.hasPrefix("data:image/") {
            return MediaLink(kind: .image, id: nil, caption: caption, duration: nil, url: url)
        }
        guard let id = mediaID(in: url) else { return nil }
        guard !isImage else { return MediaLink(kind: .image, id: id, caption: caption, duration: nil, url: url) }
        let (title, duration) = durationSuffix(caption.trimmingSpaces)
        return MediaLink(kind: .video, id: id, caption: title, duration: duration, url: url)
    }

    /// The id in a Prism media URL (`…/v1/media/<id>.<ext>?…`), as the server reads it.
    static func mediaID(in url: String) -> String? {
        guard let range = url.range(of: "/v1/media/") else { return nil }
        let id = String(url[range.upperBound...].prefix { $0 != "." && $0 != "?" && $0 != "/" })
        return Identifier.isWellFormed(id) ? id : nil
    }

    /// `A paper boat (4s)` → (`A paper boat`, `4s`).
    private static func durationSuffix(_ caption: String) -> (String, String?) {
        guard caption.hasSuffix("s)"), let open = caption.lastIndex(of: "(") else { return (caption, nil) }
        let inside = caption[caption.index(after: open)..<caption.index(caption.endIndex, offsetBy: -2)]
        guard !inside.isEmpty, inside.allSatisfy(\.isNumber) else { return (caption, nil) }
        return (caption[..<open].trimmingSpaces, String(inside) + "s")
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
