import Foundation
import Media
import Storage
import Synchronization

/// Prism's own, stable media URLs: `<PUBLIC_BASE_URL>/v1/media/<id>.<ext>?sig=…` (with `exp` when
/// `MEDIA_URL_TTL_SECONDS` is set), so links in a chat history keep working without a header.
struct MediaLinks: Sendable {
    let base: PublicBase
    let signer: MediaSigner
    let ttlSeconds: Int?

    func url(for record: MediaRecord) -> String {
        "\(base.url)/v1/media/\(record.id).\(record.fileExtension)?\(signer.query(id: record.id, ttlSeconds: ttlSeconds))"
    }

    /// A link to one of this gateway's media files, as given back as an input.
    struct Reference: Sendable {
        let id: String
        /// The link carries a valid, unexpired signature: it is a capability, whoever presents it.
        let isSigned: Bool
    }

    /// What `url` refers to when it is a link to this gateway's media: its host and port are those of
    /// the public base URL and its path is `/v1/media/<id>…`. A link on another host is an ordinary URL.
    func reference(in url: String) -> Reference? {
        guard let parsed = URLComponents(string: url), let own = URLComponents(string: base.url),
              parsed.host?.lowercased() == own.host?.lowercased(), Self.port(parsed) == Self.port(own),
              let id = MediaPrompt.mediaID(in: parsed.path)
        else { return nil }
        let query = Dictionary((parsed.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        let signed = query["sig"].map { signer.verify(id: id, signature: $0, expires: query["exp"].flatMap { Int($0) }) } ?? false
        return Reference(id: id, isSigned: signed)
    }

    private static func port(_ url: URLComponents) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }
}

/// `PUBLIC_BASE_URL`, or `http://<host>:<port>` with the port actually bound (which differs from the
/// configured one when that was 0). Set once when the server starts.
final class PublicBase: Sendable {
    private let configured: String?
    private let host: String
    private let port: Mutex<Int>

    /// - Parameter configured: `PUBLIC_BASE_URL`, when set.
    init(configured: String?, host: String, port: Int) {
        self.configured = configured
        self.host = host.contains(":") ? "[\(host)]" : host
        self.port = Mutex(port)
    }

    func bound(port: Int) {
        self.port.withLock { $0 = port }
    }

    var url: String {
        configured ?? "http://\(host):\(port.withLock { $0 })"
    }
}
