import Media
import Storage

/// How finished media reads in an answer: an image inline, a video as a `▶` link with its length (and,
/// with `VIDEO_MARKUP=html`, a player block after it).
struct MediaMarkdown: Sendable {
    let links: MediaLinks
    /// `VIDEO_MARKUP`: `html` adds an inline player block after a video link.
    let videoMarkup: String?

    /// `caption` is the short prompt (`MediaPrompt.shortPrompt`); `url` overrides Prism's signed link.
    func render(_ media: [MediaRecord], caption: String, url: (MediaRecord) -> String? = { _ in nil }) -> String {
        media.map { record in
            let url = url(record) ?? links.url(for: record)
            guard record.kind == "video" else { return "![\(caption)](\(url))" }
            // The duration is shown when the provider told it.
            let duration = record.duration.flatMap { $0 > 0 ? " (\(Int($0.rounded()))s)" : nil } ?? ""
            var line = "[▶ \(caption)\(duration)](\(url))"
            if videoMarkup == "html" { line += "\n\n<video controls>\n\(url)\n</video>" }
            return line
        }.joined(separator: "\n\n")
    }
}
