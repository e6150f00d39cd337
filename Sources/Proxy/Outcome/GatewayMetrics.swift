import Prometheus
import Storage
import Synchronization

/// The Prometheus metrics of SPEC §14, one registry per application (never a global: tests run many
/// gateways in one process). Request metrics are counted from each request's outcome; collectors are
/// looked up in a cache of our own keyed by their label values, so a request allocates no label arrays once
/// its label set has been seen. Gauges that describe the present (circuits, keys, running jobs) are set when
/// `/metrics` is scraped (`GatewayMetrics+Scrape`).
final class GatewayMetrics: Sendable {
    /// The registry `/metrics` writes out.
    let registry = PrometheusCollectorRegistry()
    /// Bounds the `model` label.
    let models: ModelLabels
    private let counters = Mutex<[LabelKey: Counter]>([:])
    private let histograms = Mutex<[LabelKey: ValueHistogram]>([:])
    private let jobModels = Mutex<Set<String>>([])
    /// Fed by the webhook dispatcher (SPEC §15).
    let webhookDeliveries: (delivered: Counter, failed: Counter)
    /// `prism_budget_rejections_total`.
    let budgetRejections: Counter
    /// `prism_rate_limited_total`: refusals by a managed key's rate windows.
    let rateLimited: Counter

    /// Seconds, for request duration and time to first byte.
    static let latencyBuckets: [Double] = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]
    /// Seconds, for media jobs.
    static let jobBuckets: [Double] = [1, 5, 10, 30, 60, 120, 300, 600, 1200]

    /// Each metric's `# HELP` line: one text per name, whichever label set registers it first.
    static let help: [String: String] = [
        "prism_requests_total": "Requests by surface, model, provider, route and HTTP status.",
        "prism_request_duration_seconds": "Time from a request's arrival to the end of its answer, by provider.",
        "prism_time_to_first_byte_seconds": "Time from a request's arrival to its answer's head, by provider.",
        "prism_upstream_attempts_total": "Upstream attempts by provider and outcome.",
        "prism_tokens_total": "Tokens by provider and direction.",
        "prism_cost_usd_total": "Cost in US dollars from the price table, by provider.",
        "prism_jobs_running": "Media jobs running now, by model.",
        "prism_jobs_total": "Media jobs that ended, by model and status.",
        "prism_job_duration_seconds": "How long media jobs ran, by model.",
        "prism_circuit_open": "1 while a provider's circuit is open or half open.",
        "prism_provider_keys": "A provider's keys by state: usable, cooling, benched.",
        "prism_webhook_deliveries_total": "Webhook deliveries by outcome.",
        "prism_budget_rejections_total": "Requests refused for a spent budget.",
        "prism_rate_limited_total": "Requests refused by a key's rate limits.",
    ]

    /// The name and help text of a metric.
    static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    /// The label values of one collector, as a hashable key (at most five values).
    struct LabelKey: Hashable, Sendable {
        var name: String
        var values: [String]
    }

    init(models: ModelLabels) {
        self.models = models
        let deliveries = Self.descriptor("prism_webhook_deliveries_total")
        webhookDeliveries = (registry.makeCounter(descriptor: deliveries, labels: [("outcome", "delivered")]),
                             registry.makeCounter(descriptor: deliveries, labels: [("outcome", "failed")]))
        budgetRejections = registry.makeCounter(descriptor: Self.descriptor("prism_budget_rejections_total"))
        rateLimited = registry.makeCounter(descriptor: Self.descriptor("prism_rate_limited_total"))
    }

    /// Counts one finished request: its total, latency, time to first byte, attempts, tokens and cost.
    func observe(_ outcome: RequestOutcome) {
        let provider = outcome.provider ?? "none"
        if (200..<300).contains(outcome.status) { models.answered(outcome.model, provider: outcome.provider) }
        counter("prism_requests_total", ["surface", "model", "provider", "route", "status"],
                [outcome.surface.rawValue, models.label(outcome.model), provider, outcome.route ?? "none", String(outcome.status)]).increment()
        histogram("prism_request_duration_seconds", provider, Self.latencyBuckets).record(outcome.endedAt - outcome.startedAt)
        if let first = outcome.firstByteAt { histogram("prism_time_to_first_byte_seconds", provider, Self.latencyBuckets).record(first - outcome.startedAt) }
        for attempt in outcome.attempts {
            counter("prism_upstream_attempts_total", ["provider", "outcome"], [attempt.provider, Self.outcome(of: attempt)]).increment()
        }
        if outcome.inputTokens > 0 { counter("prism_tokens_total", ["provider", "direction"], [provider, "input"]).increment(by: Int64(outcome.inputTokens)) }
        if outcome.outputTokens > 0 { counter("prism_tokens_total", ["provider", "direction"], [provider, "output"]).increment(by: Int64(outcome.outputTokens)) }
        if outcome.costUSD > 0 { counter("prism_cost_usd_total", ["provider"], [provider]).increment(by: outcome.costUSD) }
        switch outcome.errorCode {
        case "budget_exceeded": budgetRejections.increment()
        case "rate_limited" where outcome.attempts.isEmpty: rateLimited.increment()
        default: break
        }
    }

    /// Counts a media job that ended: its status and how long it ran.
    func jobFinished(_ job: JobRecord) {
        let model = models.label(job.model)
        counter("prism_jobs_total", ["model", "status"], [model, job.status.rawValue]).increment()
        if let finished = job.finishedAt {
            histogram("prism_job_duration_seconds", model, Self.jobBuckets, label: "model").record(finished - (job.startedAt ?? job.createdAt))
        }
    }

    /// Every model label that has had running jobs, `models` added.
    func runningModels(adding models: Set<String>) -> Set<String> {
        jobModels.withLock { known in
            known.formUnion(models)
            return known
        }
    }

    /// `ok`, `rate_limited`, `refused` (401/403), `client_error`, `server_error` or `transport` (no answer).
    static func outcome(of attempt: RequestAttempt) -> String {
        switch attempt.status {
        case nil: "transport"
        case let status? where (200..<300).contains(status): "ok"
        case 429: "rate_limited"
        case 401, 403: "refused"
        case let status? where status >= 500: "server_error"
        default: "client_error"
        }
    }

    /// The counter of `name` with these label values, made once and then found in the cache.
    func counter(_ name: String, _ labels: [String], _ values: [String]) -> Counter {
        let key = LabelKey(name: name, values: values)
        if let found = counters.withLock({ $0[key] }) { return found }
        let made = registry.makeCounter(descriptor: Self.descriptor(name), labels: Array(zip(labels, values)))
        counters.withLock { $0[key] = made }
        return made
    }

    private func histogram(_ name: String, _ value: String, _ buckets: [Double], label: String = "provider") -> ValueHistogram {
        let key = LabelKey(name: name, values: [value])
        if let found = histograms.withLock({ $0[key] }) { return found }
        let made = registry.makeValueHistogram(descriptor: Self.descriptor(name), labels: [(label, value)], buckets: buckets)
        histograms.withLock { $0[key] = made }
        return made
    }
}
