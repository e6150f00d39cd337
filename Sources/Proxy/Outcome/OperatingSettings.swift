/// The environment's settings of SPEC §14: `REQUEST_LOG_DAYS` (default 7), `LOG_BODIES` and `METRICS_TOKEN`.
struct OperatingSettings: Sendable {
    /// `REQUEST_LOG_DAYS`, default 7.
    let requestLogDays: Double
    /// `LOG_BODIES=true`.
    let logBodies: Bool
    /// `METRICS_TOKEN`, when set.
    let metricsToken: String?

    init(environment: [String: String]) {
        requestLogDays = environment["REQUEST_LOG_DAYS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 7
        logBodies = ["1", "true", "yes"].contains(environment["LOG_BODIES"]?.lowercased() ?? "")
        metricsToken = environment["METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
