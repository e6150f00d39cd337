import AsyncHTTPClient

/// Why one attempt at an upstream failed.
enum AttemptFailure: Error {
    /// No answer: the connection failed, or the answer did not begin in time.
    case transport(any Error, timeoutSeconds: Int)
    /// An answer with an error status; `detail` is the upstream's message, redacted.
    case status(Int, String, String?, retryAfter: Int?)
    /// A success status with an answer that cannot be used (cut off, too large, not JSON).
    case invalid(String)

    var summary: String {
        switch self {
        case .transport(let error, let seconds): return Self.describe(error, timeoutSeconds: seconds)
        case .status(let code, let reason, _, _): return "\(code) \(reason)"
        case .invalid(let problem): return problem
        }
    }

    /// The error the client gets once every attempt failed (SPEC §3): the last 4xx as is (429 with its
    /// `Retry-After`), otherwise 502 (504 when the upstream timed out).
    func finalError(provider: String, attempts: Int, keyVariable: String) -> GatewayError {
        let lead = attempts == 1 ? "The attempt at provider \(provider) failed" : "All \(attempts) attempts at provider \(provider) failed"
        switch self {
        case .transport(let error, let seconds):
            let message = "\(lead); the last one \(Self.describe(error, timeoutSeconds: seconds)). Check that the provider is reachable, then try again."
            return Self.isTimeout(error) ? .timeout(message) : .upstream(message)
        case .invalid(let problem):
            return .upstream("\(lead); the last one \(problem). Try again.")
        case .status(let code, let reason, let detail, let retryAfter):
            var message = "\(lead); the last one answered \(code) \(reason)"
            if let detail { message += ": \(detail)" }
            if !message.hasSuffix(".") { message += "." }
            switch code {
            case 401, 403: message += " Check \(keyVariable)."
            case 429: message += " Wait a moment, or add keys to \(keyVariable)."
            default: break
            }
            guard (400..<500).contains(code) else { return .upstream(message) }
            let errorCode: String
            switch code {
            case 401: errorCode = "invalid_api_key"
            case 404: errorCode = "model_not_found"
            case 429: errorCode = "rate_limited"
            default: errorCode = "upstream_rejected"
            }
            return GatewayError(status: code, code: errorCode, message: message, retryAfter: code == 429 ? retryAfter : nil)
        }
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .readTimeout || error == .deadlineExceeded
        }
        return false
    }

    static func describe(_ error: any Error, timeoutSeconds: Int) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "timed out connecting"
            case .readTimeout: return "stopped sending data (read timeout)"
            case .deadlineExceeded: return "sent no answer within \(timeoutSeconds) s (UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS)"
            case .remoteConnectionClosed: return "closed the connection"
            default: return "failed (\(error))"
            }
        }
        let text = String(describing: error)
        if text.contains("refused") { return "could not connect (connection refused)" }
        return "could not be reached (\(text.prefix(120)))"
    }

    /// The sentence for an upstream that failed after its answer had begun.
    static func midStream(provider: String, _ error: any Error) -> String {
        if let error = error as? UpstreamStreamError { return error.message }
        return "Provider \(provider) \(describe(error, timeoutSeconds: 0)) in the middle of the answer, so it is cut short; ask again to get the rest."
    }
}
