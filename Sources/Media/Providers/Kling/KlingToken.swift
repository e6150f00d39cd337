import Crypto
import Foundation
import PrismShared
import Synchronization

/// Kling's API token: a JWT (RFC 7519) signed with HS256, header `{"alg":"HS256","typ":"JWT"}`, payload
/// `{"iss": <access key>, "exp": now + 1800, "nbf": now - 5}`, keyed with the secret key.
enum KlingToken {
    /// Seconds a token is valid for.
    static let lifetime = 1800

    static func make(access: String, secret: String, now: Int) -> String {
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let payload: JSONValue = ["iss": .string(access), "exp": JSONValue(now + lifetime), "nbf": JSONValue(now - 5)]
        let signingInput = base64URL(Array(header.serialized().utf8)) + "." + base64URL(Array(payload.serialized().utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return signingInput + "." + base64URL(Array(signature))
    }

    /// Base64url without padding, as JWTs write it.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// The tokens made so far, one per access key, reused until five minutes before they expire.
final class KlingTokenCache: Sendable {
    static let shared = KlingTokenCache()

    private struct Entry {
        let secretDigest: [UInt8]
        let token: String
        let expires: Int
    }

    private let entries = Mutex<[String: Entry]>([:])

    func token(access: String, secret: String, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let digest = Array(SHA256.hash(data: Array(secret.utf8)))
        return entries.withLock { entries in
            if let entry = entries[access], entry.secretDigest == digest, entry.expires - now > 300 { return entry.token }
            let token = KlingToken.make(access: access, secret: secret, now: now)
            entries[access] = Entry(secretDigest: digest, token: token, expires: now + KlingToken.lifetime)
            return token
        }
    }

    /// Drops an access key's token, so the next call makes a new one (after Kling refused it).
    func forget(access: String) {
        _ = entries.withLock { $0.removeValue(forKey: access) }
    }
}
