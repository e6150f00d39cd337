import PrismShared

/// MiniMax's answers carry their own outcome in `base_resp: {status_code, status_msg}`: `0` is success, any
/// other code an error — 1026 (input) and 1027 (output) are its content filter's refusals.
enum MiniMaxAnswer {
    static let contentFilterCodes: Set<Int> = [1026, 1027]

    /// The JSON of an answer that succeeded, or the error a person reads.
    static func checked(_ answer: MediaHTTP.Answer) throws -> JSONValue {
        guard answer.status == 200, let json = answer.json else { throw MediaProviderError.answered("MiniMax", answer.status, answer.errorMessage) }
        let code = json["base_resp"]?["status_code"]?.intValue ?? 0
        guard code == 0 else { throw error(code: code, message: json["base_resp"]?["status_msg"]?.stringValue) }
        return json
    }

    /// The failure for a `base_resp` code and message (a failed task may give only the message, such as
    /// "input new_sensitive").
    static func error(code: Int?, message: String?) -> MediaProviderError {
        if let code, contentFilterCodes.contains(code) { return .contentFilter("MiniMax", message) }
        if message?.lowercased().contains("sensitive") == true { return .contentFilter("MiniMax", message) }
        if code == 1004 { return MediaProviderError("MiniMax refused the key (\(plainReason(message))); check MINIMAX_API_KEY") }
        return .failed("MiniMax", code.map { "\(plainReason(message)) (code \($0))" } ?? message)
    }
}
