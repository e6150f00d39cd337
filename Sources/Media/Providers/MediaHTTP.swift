import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrismShared

/// The one small HTTP helper of the media providers: a request with a JSON body (or none), an answer read
/// whole within a size limit, transport failures turned into messages a person can read.
struct MediaHTTP: Sendable {
    let httpClient: HTTPClient
    let provider: String

    struct Answer {
        let status: Int
        let bytes: [UInt8]
        let contentType: String?
        var json: JSONValue? { try? JSONValue.parse(bytes) }

        /// The provider's own error message, when it gave one.
        var errorMessage: String {
            let json = self.json
            return json?["error"]?["message"]?.stringValue ?? json?["errors"]?["message"]?.stringValue ?? json?["error"]?.stringValue
                ?? json?["detail"]?.stringValue
                ?? json?["message"]?.stringValue ?? "HTTP \(status)"
        }
    }

    func send(_ url: String, method: HTTPMethod = .POST, headers: [(String, String)], json body: JSONValue? = nil, raw: [UInt8]? = nil,
              timeoutSeconds: Int = 120, maxBytes: Int = 64 << 20) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(body.byteBuffer())
        } else if let raw {
            request.body = .bytes(ByteBuffer(bytes: raw))
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw MediaProviderError("\(provider) could not be reached (\(String(describing: error).prefix(80)))")
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: maxBytes)
        } catch {
            throw MediaProviderError("\(provider)'s answer was larger than \(maxBytes) bytes or was cut off")
        }
        return Answer(status: Int(response.status.code), bytes: Array(bytes.readableBytesView), contentType: response.headers.first(name: "content-type"))
    }
}

/// A multipart/form-data body: text fields, then an optional file. Returns the body and its content type.
func multipartBody(fields: [(String, String)], file: (field: String, filename: String, mimeType: String, bytes: [UInt8])?) -> (body: [UInt8], contentType: String) {
    let boundary = "prism-\(Identifier.make("b"))"
    var body: [UInt8] = []
    for (name, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    if let file {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.mimeType)\r\n\r\n".utf8)
        body += file.bytes
        body += Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    return (body, "multipart/form-data; boundary=\(boundary)")
}

/// The bytes and mime type of a `data:` URI image.
func decodeDataURI(_ uri: String) -> (bytes: [UInt8], mimeType: String)? {
    guard uri.hasPrefix("data:"), let comma = uri.firstIndex(of: ","), let data = Data(base64Encoded: String(uri[uri.index(after: comma)...])) else { return nil }
    let bytes = Array(data)
    return (bytes, ImageSniffer.mimeType(of: Array(bytes.prefix(16))) ?? "image/png")
}

/// The stream every provider returns: `work` runs in a task that ends when the consumer goes away.
func jobEvents(_ work: @escaping @Sendable (AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws -> Void) -> AsyncThrowingStream<JobEvent, any Error> {
    AsyncThrowingStream { continuation in
        let task = Task {
            do {
                try await work(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
    }
}

/// A finished image from its bytes, with its size when the bytes tell it.
func imageAsset(_ bytes: [UInt8], provider: String, fallbackMime: String? = nil) throws -> MediaAsset {
    guard let mime = ImageSniffer.mimeType(of: bytes) ?? fallbackMime, mime.hasPrefix("image/") else {
        throw MediaProviderError("\(provider)'s result is not an image")
    }
    let size = ImageSniffer.pngSize(of: bytes)
    return MediaAsset(bytes: bytes, mimeType: mime, width: size?.width, height: size?.height)
}
