import Hummingbird
import HTTPTypes
import Media
import NIOCore
import Storage

extension MediaController {
    /// A stored file as an answer (SPEC §5): its type, `ETag`, long caching, `304` for a matching
    /// `If-None-Match`, and HTTP ranges (`206`, `416`), streamed from the blob store. Shared by `/v1/media`,
    /// `/v1/videos/{id}/content` and `/v1/files/{id}/content`.
    static func serve(_ record: MediaRecord, from store: MediaLibrary, request: Request) async throws -> Response {
        let id = record.id
        var headers: HTTPFields = [
            .contentType: record.mimeType, .eTag: "\"\(record.sha256)\"", .acceptRanges: "bytes",
            .cacheControl: "private, max-age=31536000, immutable",
        ]
        if request.headers[.ifNoneMatch] == "\"\(record.sha256)\"" {
            return Response(status: .notModified, headers: headers)
        }
        let range: ClosedRange<Int>?
        switch ByteRange.parse(request.headers[.range], size: record.bytes) {
        case .unsatisfiable:
            var response = GatewayError(status: 416, code: "range_not_satisfiable", message: "The requested range is outside the file's \(record.bytes) bytes.").response
            response.headers[.contentRange] = "bytes */\(record.bytes)"
            return response
        case .part(let part):
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(record.bytes)"
            range = part
        case .whole:
            range = nil
        }
        // Streamed from the blob store (a file, or S3 with the range passed on), never read whole.
        guard let blob = try await store.blobs.get(record.blobKey, range: range) else { throw Self.notFound(id) }
        let chunks = blob.chunks
        let length = range.map { $0.count } ?? blob.info.size
        return Response(status: range == nil ? .ok : .partialContent, headers: headers, body: ResponseBody(contentLength: length) { writer in
            for try await chunk in chunks { try await writer.write(chunk) }
            try await writer.finish(nil)
        })
    }
}
