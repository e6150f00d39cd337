import Media

/// Prism's own, stable media URLs: `<PUBLIC_BASE_URL>/v1/media/<id>.<ext>?sig=…` (with `exp` when
/// `MEDIA_URL_TTL_SECONDS` is set), so links in a chat history keep working without a header.
struct MediaLinks: Sendable {
    let baseURL: String
    let signer: MediaSigner
    let ttlSeconds: Int?

    func url(for record: MediaRecord) -> String {
        "\(baseURL)/v1/media/\(record.id).\(record.fileExtension)?\(signer.query(id: record.id, ttlSeconds: ttlSeconds))"
    }
}
