import Foundation

/// The webhook configuration (SPEC §15), read from the environment and checked at start-up:
/// `WEBHOOK_URL` (the operator's endpoint, every event of every principal), `WEBHOOK_SECRET` (`whsec_` and
/// base64; generated and kept when unset), `WEBHOOK_RETRY_SCALE` (multiplies the retry schedule, for tests)
/// and `WEBHOOK_TIMEOUT_SECONDS` (how long a receiver may take to answer, default 10).
struct WebhookSettings: Sendable {
    let url: String?
    let secret: String?
    let retryScale: Double
    let timeoutSeconds: Double

    init(environment: [String: String]) throws(ConfigError) {
        url = environment["WEBHOOK_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let url {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false else {
                throw ConfigError(description: "WEBHOOK_URL is \(url), which is not an http or https URL; set it to the address of your receiver.")
            }
        }
        secret = environment["WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        if let secret, WebhookSigner(secret: secret) == nil {
            throw ConfigError(description: "WEBHOOK_SECRET must be whsec_ followed by base64 (at least 24 bytes); unset it to have Prism generate one.")
        }
        let scale = environment["WEBHOOK_RETRY_SCALE"].map { Double($0) }
        guard let retryScale = scale ?? 1, retryScale > 0, retryScale.isFinite else {
            throw ConfigError(description: "WEBHOOK_RETRY_SCALE must be a positive number, such as 1 or 0.001.")
        }
        self.retryScale = retryScale
        let timeout = environment["WEBHOOK_TIMEOUT_SECONDS"].map { Double($0) }
        guard let timeoutSeconds = timeout ?? 10, timeoutSeconds > 0, timeoutSeconds <= 60 else {
            throw ConfigError(description: "WEBHOOK_TIMEOUT_SECONDS must be a number of seconds from 0 to 60.")
        }
        self.timeoutSeconds = timeoutSeconds
    }

    /// The durable retry schedule (SPEC §15): the wait before each retry, scaled.
    var schedule: WebhookSchedule { WebhookSchedule(scale: retryScale) }
}

/// When a failed delivery is tried again: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each failure in
/// turn (times `scale`), then never.
struct WebhookSchedule: Sendable {
    static let delays: [Double] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]
    let scale: Double

    /// The wait after the `failures`-th failed attempt (1-based), `nil` once the schedule has run out.
    func delay(afterFailures failures: Int) -> Double? {
        guard failures >= 1, failures <= Self.delays.count else { return nil }
        return Self.delays[failures - 1] * scale
    }
}
