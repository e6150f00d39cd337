/// The one error type of the gateway. Its status decides the SPEC §9 `type`; `code` names the case and
/// `message` is a sentence a person can act on, since chat UIs show it word for word.
///
/// ```swift
/// throw GatewayError.invalidRequest("The field `model` is missing: name a model such as `groq/llama-3.1-8b-instant`.",
///                                   code: "missing_field", param: "model")
/// ```
struct GatewayError: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String
    var param: String?
    /// Seconds a client should wait before trying again (sent as `Retry-After`).
    var retryAfter: Int?
    /// The media job the failure belongs to (sent as `X-Prism-Job-Id`, as every media answer is).
    var jobID: String?

    init(status: Int, code: String, message: String, param: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.retryAfter = retryAfter
    }

    /// The SPEC §9 `type` for this status.
    var type: String {
        switch status {
        case 400, 405, 413, 422, 431: return "invalid_request_error"
        case 401: return "authentication_error"
        case 402: return "insufficient_quota"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 429: return "rate_limit_error"
        case 502: return "upstream_error"
        case 503: return "service_unavailable_error"
        case 504: return "timeout_error"
        case 400..<500: return "invalid_request_error"
        default: return "server_error"
        }
    }

    static func invalidRequest(_ message: String, code: String = "invalid_request", param: String? = nil) -> GatewayError {
        GatewayError(status: 400, code: code, message: message, param: param)
    }

    static func invalidJSON(_ reason: String) -> GatewayError {
        invalidRequest("The request body is not valid JSON (\(reason)); send a JSON object.", code: "invalid_json")
    }

    static func missingField(_ field: String, hint: String) -> GatewayError {
        invalidRequest("The field \(field) is missing: \(hint)", code: "missing_field", param: field)
    }

    static func invalidField(_ field: String, _ problem: String) -> GatewayError {
        invalidRequest("The field \(field) \(problem).", code: "invalid_type", param: field)
    }

    static func unauthorized(_ message: String) -> GatewayError {
        GatewayError(status: 401, code: "invalid_api_key", message: message)
    }

    static func adminOnly(_ what: String) -> GatewayError {
        GatewayError(status: 403, code: "admin_only", message: "\(what) is for the admin only: present the PASSWORD key.")
    }

    static func notFound(_ message: String, code: String, param: String? = nil) -> GatewayError {
        GatewayError(status: 404, code: code, message: message, param: param)
    }

    static func tooLarge(limit: Int) -> GatewayError {
        GatewayError(
            status: 413, code: "request_too_large",
            message: "The request body is larger than \(limit) bytes; send less, or raise MAX_BODY_BYTES.")
    }

    static func upstream(_ message: String, code: String = "upstream_failed") -> GatewayError {
        GatewayError(status: 502, code: code, message: message)
    }

    static func timeout(_ message: String, code: String = "upstream_timeout") -> GatewayError {
        GatewayError(status: 504, code: code, message: message)
    }

    static func `internal`(_ message: String) -> GatewayError {
        GatewayError(status: 500, code: "internal", message: message)
    }
}
