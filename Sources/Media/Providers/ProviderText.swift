import Foundation

/// A provider's own words made fit to stand inside one of Prism's sentences: one line, no backticks, at
/// most `limit` characters, and no closing full stop (Prism's sentence ends it, then names the job).
func providerText(_ text: String, limit: Int = 200) -> String {
    var line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        .replacingOccurrences(of: "`", with: "'").trimmingCharacters(in: .whitespaces)
    if line.count > limit { line = String(line.prefix(limit)).trimmingCharacters(in: .whitespaces) + "…" }
    while line.hasSuffix(".") { line.removeLast() }
    return line
}
