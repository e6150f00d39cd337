/// Removes secrets from text that Prism relays, stores or logs (SPEC §10): every key it knows, and any
/// long prefix of one, matched without regard to ASCII case — an upstream that echoes a key upper-cased
/// or cut short is caught too. Built once from the environment; a request adds the keys its caller brought.
///
/// ```swift
/// let redactor = SecretRedactor(secrets: ["gsk-live-0123456789"])
/// redactor.redact("bad key GSK-LIVE-01234")   // "bad key gsk…6789"
/// ```
public struct SecretRedactor: Sendable, CustomStringConvertible {
    /// Never the secrets themselves, should a redactor be printed.
    public var description: String { "SecretRedactor(\(secrets.count) secrets)" }

    /// A secret is matched from this many leading characters on (the whole of a shorter one).
    public static let prefixLength = 8
    /// Values shorter than this are not treated as secrets: they would match ordinary words.
    public static let minimumLength = 6

    private struct Secret: Sendable {
        let lowered: [UInt8]
        let mask: String
    }

    private let secrets: [Secret]

    public init(secrets: some Sequence<String>) {
        var seen = Set<String>()
        var list: [Secret] = []
        for secret in secrets where secret.utf8.count >= Self.minimumLength && seen.insert(secret).inserted {
            list.append(Secret(lowered: Self.lowered(Array(secret.utf8)), mask: Self.mask(secret)))
        }
        self.secrets = list
    }

    /// The secrets of an environment: the values of every variable named like a key, secret, token or
    /// password, split at commas (pools are comma lists).
    public init(environment: [String: String]) {
        let suffixes = ["KEY", "KEYS", "SECRET", "TOKEN", "PASSWORD"]
        let values = environment.filter { name, _ in
            let upper = name.uppercased()
            return suffixes.contains { upper == $0 || upper.hasSuffix("_" + $0) }
        }.values
        self.init(secrets: values.flatMap { $0.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) } })
    }

    /// This redactor with `more` secrets (a BYOK caller's own keys).
    public func adding(_ more: some Sequence<String>) -> SecretRedactor {
        let extra = SecretRedactor(secrets: more)
        guard !extra.secrets.isEmpty else { return self }
        return SecretRedactor(list: secrets + extra.secrets)
    }

    private init(list: [Secret]) {
        secrets = list
    }

    /// `text` with every secret, and every prefix of one at least `prefixLength` long, masked.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty, text.utf8.count >= Self.minimumLength else { return text }
        let original = Array(text.utf8)
        let lowered = Self.lowered(original)
        var output: [UInt8] = []
        var changed = false
        var index = 0
        while index < original.count {
            // The secret that matches longest wins: keys of one vendor share their first characters.
            var best: (length: Int, mask: String)?
            for secret in secrets {
                let length = Self.matchLength(of: secret.lowered, in: lowered, at: index)
                if length >= min(Self.prefixLength, secret.lowered.count), length > best?.length ?? 0 { best = (length, secret.mask) }
            }
            if let best {
                output += Array(best.mask.utf8)
                index += best.length
                changed = true
            } else {
                output.append(original[index])
                index += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// How many leading bytes of `secret` stand at `start` of `text`.
    private static func matchLength(of secret: [UInt8], in text: [UInt8], at start: Int) -> Int {
        guard secret[0] == text[start] else { return 0 }
        var length = 0
        while length < secret.count, start + length < text.count, text[start + length] == secret[length] { length += 1 }
        return length
    }

    private static func lowered(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }

    /// `gsk…wxyz`: enough to tell keys apart in a message, never enough to use one.
    public static func mask(_ secret: String) -> String {
        guard secret.count > 12 else { return "…" }
        return "\(secret.prefix(3))…\(secret.suffix(4))"
    }
}
