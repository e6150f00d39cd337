import Hummingbird
import NIOCore
import PrismShared

extension Request {
    /// Reads the whole body (at most `limit` bytes, else 413) and parses it as JSON (else 400).
    /// Mutating, because streaming handlers must read the body this way before they can still notice
    /// the client going away (see `SSEResponse`).
    mutating func jsonBody(limit: Int) async throws -> JSONValue {
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
            return try JSONValue.parse(bytes.readableBytesView)
        } catch let error as JSONParseError {
            throw GatewayError.invalidJSON(error.description)
        }
    }
}
