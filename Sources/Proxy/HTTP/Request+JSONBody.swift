import Hummingbird
import NIOCore
import PrismShared

extension Request {
    /// Reads the whole body (at most `limit` bytes, else 413) and parses it as JSON (else 400).
    /// Mutating, because streaming handlers must read the body this way before they can still notice
    /// the client going away (see `SSEResponse`).
    mutating func jsonBody(limit: Int) async throws -> JSONValue {
        try await jsonDocument(limit: limit).value
    }

    /// The same, keeping the client's bytes and the top-level members' spans, so the body can be passed
    /// upstream spliced rather than re-encoded.
    mutating func jsonDocument(limit: Int) async throws -> JSONDocument {
        let bytes = try await wholeBody(limit: limit)
        guard bytes.readableBytes > 0 else {
            throw GatewayError.invalidRequest("The request body is empty; send a JSON object.", code: "invalid_json")
        }
        do {
            return try JSONDocument(bytes: bytes)
        } catch let error as JSONParseError {
            throw GatewayError.invalidJSON(error.description)
        }
    }

    /// The body in one buffer, sized once from `Content-Length` (NIO's `collect` doubles its buffer as
    /// chunks arrive, copying a large body several times). Kept as the request's body for later readers.
    private mutating func wholeBody(limit: Int) async throws -> ByteBuffer {
        let announced = headers[.contentLength].flatMap { Int($0) }
        if let announced, announced > limit { throw GatewayError.tooLarge(limit: limit) }
        var whole: ByteBuffer?
        for try await chunk in body {
            guard (whole?.readableBytes ?? 0) + chunk.readableBytes <= limit else { throw GatewayError.tooLarge(limit: limit) }
            if whole == nil {
                whole = chunk
                if let announced, announced > chunk.readableBytes { whole!.reserveCapacity(minimumWritableBytes: announced - chunk.readableBytes) }
            } else {
                whole!.writeImmutableBuffer(chunk)
            }
        }
        let collected = whole ?? ByteBuffer()
        body = .init(buffer: collected)
        return collected
    }
}
