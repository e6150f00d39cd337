import Hummingbird
import PrismShared

/// Errors on the Anthropic surface take Anthropic's shape: `{"type":"error","error":{"type","message"}}`.
enum AnthropicError {
    /// Whether a request belongs to the Anthropic surface.
    static func applies(to path: String) -> Bool {
        path == "/v1/messages" || path.hasPrefix("/v1/messages/")
    }

    static func body(type: String, message: String) -> JSONValue {
        ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
    }

    /// Anthropic's error type for a status.
    static func type(for status: Int) -> String {
        switch status {
        case 400, 422: return "invalid_request_error"
        case 401: return "authentication_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 413: return "request_too_large"
        case 429: return "rate_limit_error"
        case 529: return "overloaded_error"
        default: return "api_error"
        }
    }

    static func response(for error: GatewayError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let jobID = error.jobID { headers[.prismJobID] = jobID }
        return Response(
            status: .init(code: error.status), headers: headers,
            body: .init(byteBuffer: body(type: type(for: error.status), message: error.message).byteBuffer()))
    }
}
