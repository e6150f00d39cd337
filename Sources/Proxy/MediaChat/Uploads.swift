import Foundation
import Media

/// What an uploaded file may be (SPEC §15): images (PNG, JPEG, WebP, GIF) and videos (MP4, WebM), by their
/// magic bytes — never by the name or type the client gave.
enum Uploads {
    /// The type the bytes say, `nil` when they are none of the allowed ones.
    static func mimeType(of bytes: [UInt8]) -> String? {
        if let known = ImageSniffer.mimeType(of: bytes) { return known }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "video/webm" }
        return nil
    }

    /// An image as a `data:` URI for a job's input; `400` naming `field` when its bytes are no image.
    static func dataURI(_ bytes: [UInt8], field: String) throws(GatewayError) -> String {
        guard let type = mimeType(of: bytes), type.hasPrefix("image/") else {
            throw .invalidRequest("\(field) is not a PNG, JPEG, WebP or GIF image by its bytes.", code: "invalid_image", param: field)
        }
        return "data:\(type);base64,\(Data(bytes).base64EncodedString())"
    }

    /// The file id of a media row (`file-…`), and back.
    static func fileID(ofMedia id: String) -> String { "file-" + id.dropFirst("media_".count) }
    /// The media id of a file id, `nil` when it is none.
    static func mediaID(ofFile id: String) -> String? { id.hasPrefix("file-") ? "media_" + id.dropFirst(5) : nil }
}
