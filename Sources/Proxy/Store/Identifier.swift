/// Unguessable identifiers: a prefix and 32 random URL-safe characters (192 bits), never derived from the
/// clock or taken from a request.
enum Identifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var id = prefix + "_"
        for _ in 0..<32 { id.append(alphabet[Int(generator.next() & 63)]) }
        return id
    }

    /// Whether `id` has the shape of an id Prism hands out (used to refuse odd characters early).
    static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
