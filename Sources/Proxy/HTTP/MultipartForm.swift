import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body, parsed whole with vapor's multipart-kit (SPEC §15: images edits, videos,
/// uploads): each part's name, file name, type and bytes. The body was read within the route's size limit.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        let name: String
        let filename: String?
        let contentType: String?
        let body: ByteBuffer

        var bytes: [UInt8] { Array(body.readableBytesView) }
        var text: String { String(buffer: body) }
    }

    /// The parts, in the body's order.
    let parts: [Part]

    /// Whether `request` says its body is a form.
    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") ?? false
    }

    init(body: ByteBuffer, contentType: String?) throws(GatewayError) {
        guard let contentType, let boundary = Self.boundary(in: contentType) else {
            throw .invalidRequest("The body must be multipart/form-data with a boundary.", code: "invalid_multipart")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            let parameters = Self.parameters(disposition)
            parts.append(Part(
                name: parameters["name"] ?? "", filename: parameters["filename"], contentType: headers.first { $0.0 == "content-type" }?.1, body: current))
            headers = []
            current = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw .invalidRequest("The multipart body could not be read: \(error). Send multipart/form-data.", code: "invalid_multipart")
        }
        self.parts = parts
    }

    /// The first part named `name`, as text.
    func text(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map(\.text) ?? parts.first { $0.name == name }.map(\.text)
    }

    /// Every part named one of `names` (`image` and `image[]`, say), in order.
    func files(_ names: String...) -> [Part] {
        parts.filter { names.contains($0.name) }
    }

    private static func boundary(in contentType: String) -> String? {
        parameters(contentType)["boundary"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `key=value` and `key="value"` parameters of a header value.
    private static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            result[pair[0].lowercased()] = text
        }
        return result
    }
}
