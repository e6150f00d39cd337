/// A request of the gateway's log (`GET /v1/admin/requests`): who sent it, where it went, what it cost,
/// and each upstream attempt.
struct LoggedRequest: Equatable, Sendable {
    /// One upstream attempt: the provider, the key masked by the gateway, what came back and how long it took.
    struct Attempt: Equatable, Sendable {
        var provider: String
        /// Masked by the gateway (`gsk_…ood1`); the client never sees a whole key.
        var key: String
        /// `nil` when no answer came (a refused connection, a timeout).
        var status: Int?
        var durationMs: Double
        var error: String?
    }

    let id: String
    var createdAt = 0
    var surface = ""
    var keyID: String?
    var principal = ""
    var model: String?
    var provider: String?
    var upstreamModel: String?
    var status = 0
    var errorCode: String?
    var latencyMs: Double?
    var ttfbMs: Double?
    var inputTokens = 0
    var outputTokens = 0
    var costUSD = 0.0
    var attempts: [Attempt] = []
}
