import Media
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
}

/// `PUBLIC_BASE_URL`, or `http://<host>:<port>` with the port actually bound (which differs from the
/// configured one when that was 0). Set once when the server starts.
final class PublicBase: Sendable {
    private let configured: String?
    private let host: String
    private let port: Mutex<Int>

    init(config: GatewayConfig) {
        configured = config.publicBaseURL
        host = config.host.contains(":") ? "[\(config.host)]" : config.host
        port = Mutex(config.port)
    }

    func bound(port: Int) {
        self.port.withLock { $0 = port }
    }

    var url: String {
        configured ?? "http://\(host):\(port.withLock { $0 })"
    }
}
