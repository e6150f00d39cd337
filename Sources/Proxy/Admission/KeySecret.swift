import PrismShared

/// A managed key's secret (SPEC §13): shown once, at creation or rotation; the database keeps its SHA-256.
struct KeySecret: Sendable {
    static let prefix = "sk-prism-"

    let value: String

    /// A new secret: the prefix and 32 random URL-safe characters (192 bits).
    static func generate() -> KeySecret {
        KeySecret(value: prefix + Identifier.make("k").dropFirst(2))
    }

    /// The hex SHA-256 a key is looked up by. A fast hash is right here: the secret is random, not a
    /// password, so there is nothing to guess from it.
    static func hash(_ secret: String) -> String {
        Authenticator.hex(Authenticator.digest(secret))
    }

    var hash: String { Self.hash(value) }

    /// What lists show: `sk-prism-…` and the last four characters.
    var hint: String { Self.prefix + "…" + value.suffix(4) }

    /// Whether a Bearer token looks like a managed key (others are `API_KEYS` entries or the password).
    static func looksManaged(_ token: String) -> Bool {
        token.hasPrefix(prefix)
    }
}
