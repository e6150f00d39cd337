import Crypto
import Foundation
import PrismShared
import Storage

/// Signs media links so chat UIs can show them without a header: `?sig=<hmac over the id>`, or with an
/// expiry `?exp=<unix>&sig=<hmac over id and exp>`. Rotating the key revokes every link.
public struct MediaSigner: Sendable {
    private let key: SymmetricKey

    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// `MEDIA_SIGNING_KEY` when set, else a key generated once and kept by the store: in the data directory
    /// on SQLite, in the database on PostgreSQL, so that every replica signs and verifies alike.
    public static func load(configured: String?, store: any StoreMaintenance) async throws -> MediaSigner {
        if let configured, !configured.isEmpty { return MediaSigner(key: Array(configured.utf8)) }
        return MediaSigner(key: try await store.secret(named: "media-signing") {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        })
    }

    /// The signature of `id` (and `expires`, when links expire), URL-safe.
    public func signature(id: String, expires: Int?) -> String {
        let message = expires.map { "\(id)|\($0)" } ?? id
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The query string of a signed link (`sig=…` or `exp=…&sig=…`).
    public func query(id: String, ttlSeconds: Int?, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        guard let ttlSeconds else { return "sig=\(signature(id: id, expires: nil))" }
        let expires = now + ttlSeconds
        return "exp=\(expires)&sig=\(signature(id: id, expires: expires))"
    }

    /// Whether `sig` (and `exp`) are a valid, unexpired signature of `id`; compared in constant time.
    public func verify(id: String, signature: String, expires: Int?, now: Int = Int(Date().timeIntervalSince1970)) -> Bool {
        if let expires, expires < now { return false }
        let expected = Array(self.signature(id: id, expires: expires).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
