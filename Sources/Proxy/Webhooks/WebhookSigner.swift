import Crypto
import Foundation
import Storage

/// Signs webhook bodies the Standard Webhooks way (SPEC §15), as OpenAI's own webhooks are signed:
/// `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed with the bytes of the `whsec_` secret.
///
/// ```swift
/// let signer = WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!
/// request.headers.add(name: "webhook-signature", value: signer.signature(id: eventID, timestamp: now, body: body))
/// ```
struct WebhookSigner: Sendable {
    /// The secret as receivers configure it, `whsec_` and base64.
    let secret: String
    private let key: SymmetricKey

    /// `nil` when `secret` is not `whsec_` followed by base64 of at least 24 bytes.
    init?(secret: String) {
        guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))), bytes.count >= 24 else { return nil }
        self.secret = secret
        key = SymmetricKey(data: bytes)
    }

    /// A signer over freshly generated key bytes.
    init(keyBytes: [UInt8]) {
        secret = "whsec_" + Data(keyBytes).base64EncodedString()
        key = SymmetricKey(data: keyBytes)
    }

    /// The `webhook-signature` header value.
    func signature(id: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).\(body)".utf8), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// `WEBHOOK_SECRET`, or the one generated once and kept by the stores (the data directory, or the
    /// database that replicas share).
    static func load(configured: String?, store: any StoreMaintenance) async throws -> WebhookSigner {
        if let configured, let signer = WebhookSigner(secret: configured) { return signer }
        return WebhookSigner(keyBytes: try await store.secret(named: "webhook-secret") {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        })
    }
}
