import Foundation
import Logging
import PrismShared
import Storage

/// Publishes each request's `RequestOutcome` once, when its answer has been written or has failed, to the
/// observers of SPEC §14: the request log (batched, off the request path), the metrics, provider health and
/// the one-line-per-request log. Requests that named a model, and API requests that failed, are recorded;
/// a dashboard's or a scraper's successful reads are not.
struct OutcomeObservers: Sendable {
    /// Its price table prices what a request used, as for the ledger.
    let usage: UsageObserver
    /// The request log's writer.
    var log: RequestLogWriter?
    /// The Prometheus metrics.
    var metrics: GatewayMetrics?
    /// The windows of `/v1/admin/providers`.
    var health: ProviderHealth?
    /// Logs circuit changes.
    var circuits: CircuitWatch?
    /// Where the request line goes.
    let logger: Logger
    /// Request bodies (kept with `LOG_BODIES=true`) pass through it: no key reaches the log.
    var redactor: SecretRedactor?

    /// Publishes the outcome of a request that has ended with `status`.
    func finished(_ record: DecisionRecord, status: Int, surface: Surface, isAPI: Bool, at time: Double = Date().timeIntervalSince1970) {
        let outcome = Self.outcome(of: record, status: status, surface: surface, endedAt: time, usage: usage)
        if isAPI { line(outcome) }
        guard outcome.model != nil || (isAPI && status >= 400) else { return }
        if let log {
            var entry = outcome.logEntry
            entry.requestBody = entry.requestBody.map { body in redactor.map { $0.redact(body) } ?? body }
            entry.responseBody = entry.responseBody.map { body in redactor.map { $0.redact(body) } ?? body }
            log.add(entry)
        }
        metrics?.observe(outcome)
        health?.observe(outcome)
        if !outcome.attempts.isEmpty { circuits?.check(Set(outcome.attempts.map(\.provider)), logger: logger) }
    }

    /// The outcome of a request from what was noted while it ran.
    static func outcome(of record: DecisionRecord, status: Int, surface: Surface, endedAt: Double, usage: UsageObserver) -> RequestOutcome {
        let notes = record.usage.snapshot
        let decision = record.snapshot
        let extra = record.outcome.snapshot
        let cost = notes.model.map { usage.cost.cost(of: notes, asked: $0, decision: decision).usd } ?? 0
        return RequestOutcome(
            requestID: record.requestID, surface: surface, startedAt: notes.startedAt, endedAt: endedAt, principal: status == 401 ? "anonymous" : notes.principal, keyID: notes.keyID,
            model: notes.model, route: decision.route, provider: decision.provider, upstreamModel: decision.model, status: status,
            errorCode: extra.errorCode, errorMessage: extra.errorMessage, firstByteAt: notes.firstByteAt, inputTokens: notes.inputTokens, outputTokens: notes.outputTokens, costUSD: cost,
            attempts: extra.attempts, requestBody: extra.requestBody, responseBody: extra.responseBody)
    }

    /// SPEC §14: one line per request at info; refusals for budget and rate limits at notice, with their reason.
    private func line(_ outcome: RequestOutcome) {
        // LOG_LEVEL=notice or above turns the request line off: nothing is built for it then.
        guard logger.logLevel <= .notice else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(outcome.requestID), "principal": .string(outcome.principal), "status": .stringConvertible(outcome.status),
            "latency_ms": .stringConvertible(Int(outcome.latencyMs.rounded())), "surface": .string(outcome.surface.rawValue),
        ]
        if let model = outcome.model { metadata["model"] = .string(model) }
        if let provider = outcome.provider { metadata["provider"] = .string(provider) }
        if outcome.inputTokens + outcome.outputTokens > 0 {
            metadata["input_tokens"] = .stringConvertible(outcome.inputTokens)
            metadata["output_tokens"] = .stringConvertible(outcome.outputTokens)
        }
        if let code = outcome.errorCode { metadata["error_code"] = .string(code) }
        if outcome.attempts.count > 1 { metadata["attempts"] = .stringConvertible(outcome.attempts.count) }
        if logger.logLevel <= .info { logger.info("request", metadata: metadata) }
        if let code = outcome.errorCode, ["budget_exceeded", "rate_limited"].contains(code), outcome.attempts.isEmpty {
            logger.notice("Refused request \(outcome.requestID) of \(outcome.principal) (\(code)): \(outcome.errorMessage ?? "no reason noted")", metadata: metadata)
        }
    }
}
