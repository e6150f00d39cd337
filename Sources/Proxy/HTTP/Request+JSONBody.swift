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
        let bytes: ByteBuffer
        do {
            bytes = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw GatewayError.tooLarge(limit: limit)
        }
        guard bytes.readableBytes > 0 else {
            throw GatewayError.invalidRequest("The request body is empty; send a JSON object.", code: "invalid_json")
        }
        do {
            return try JSONDocument(bytes: bytes)
        } catch let error as JSONParseError {
            throw GatewayError.invalidJSON(error.description)
        }
    }
}
