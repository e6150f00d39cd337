import AsyncHTTPClient
import Foundation
import NIOCore

/// Downloads a provider's result file with a size and time limit. Result URLs come from a configured
/// provider, so they are not subject to the private-range rule for client URLs (SPEC §10).
public struct MediaDownloader: Sendable {
    let httpClient: HTTPClient
    let maxBytes: Int
    let timeoutSeconds: Int

    public init(httpClient: HTTPClient, maxBytes: Int, timeoutSeconds: Int) {
        self.httpClient = httpClient
        self.maxBytes = maxBytes
        self.timeoutSeconds = timeoutSeconds
    }

    /// The bytes at `url` and the mime type they carry (by magic bytes first, then the header). `headers`
    /// go with the request, for providers whose result files need their key.
    public func fetch(_ url: String, headers: [(String, String)] = []) async throws -> (bytes: [UInt8], mimeType: String) {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
        } catch {
            throw MediaProviderError("the result could not be downloaded (\(String(describing: error).prefix(80)))")
        }
        guard response.status == .ok else { throw MediaProviderError("the result download answered \(response.status.code)") }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxBytes)
        } catch {
            throw MediaProviderError("the result is larger than \(maxBytes) bytes")
        }
        let bytes = Array(body.readableBytesView)
        let mime = ImageSniffer.mimeType(of: bytes) ?? response.headers.first(name: "content-type").map { String($0.split(separator: ";")[0]) } ?? "application/octet-stream"
        return (bytes, mime)
    }
}

/// Recognises image and video files by their first bytes.
public enum ImageSniffer {
    public static func mimeType(of bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF8".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("ftyp".utf8), at: 4) { return "video/mp4" }
        return nil
    }

    /// Width and height of a PNG (from its IHDR chunk).
    public static func pngSize(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard mimeType(of: bytes) == "image/png", bytes.count >= 24 else { return nil }
        func int(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }
}
