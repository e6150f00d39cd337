import Foundation

/// A pattern over model names for a key's or team's `models` (SPEC §13): `*` matches any characters, `/`
/// included; everything else matches itself. `groq/*`, `image/*`, `fast`, `*`.
struct ModelGlob: Sendable, Hashable {
    let pattern: String
    private let parts: [Substring]

    /// Refuses what is surely a mistake: an empty pattern, spaces, or characters of other glob dialects
    /// (`?`, `[`, `]`, `{`, `}`) that would silently match only themselves here.
    init(_ pattern: String) throws(GatewayError) {
        guard !pattern.isEmpty, !pattern.contains(where: { $0.isWhitespace || "?[]{}".contains($0) }) else {
            throw .invalidField("models", "has \"\(pattern)\", which is not a model pattern: use names such as groq/* or image/doubao, where * matches anything")
        }
        self.pattern = pattern
        parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    }

    func matches(_ name: String) -> Bool {
        guard parts.count > 1 else { return name == pattern }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.hasSuffix(parts[parts.count - 1])
    }
}

extension Array where Element == ModelGlob {
    /// Whether any pattern allows `name`.
    func allows(_ name: String) -> Bool {
        contains { $0.matches(name) }
    }
}
