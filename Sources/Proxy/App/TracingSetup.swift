import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Tracing (SPEC §14): with `OTEL_EXPORTER_OTLP_ENDPOINT` set, spans go out over OTLP/HTTP through swift-otel
/// (the other `OTEL_*` variables of the OpenTelemetry specification apply, e.g. `OTEL_EXPORTER_OTLP_PROTOCOL`
/// `http/json`; swift-otel reads them from the process environment, not from `.env`). Tracing is process-global, so only `prism serve` turns it on, once, before the application
/// is built; without the variable every span is the no-op tracer's and costs next to nothing.
enum TracingSetup {
    /// The exporter's service, to run beside the application; nil when tracing is off.
    static func bootstrap(environment: [String: String], logger: Logger) throws -> (any Service)? {
        guard let endpoint = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !endpoint.isEmpty else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = environment["OTEL_SERVICE_NAME"] ?? "prism"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.propagators = [.traceContext]
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        logger.info("Tracing: spans go to \(endpoint) over OTLP/HTTP.")
        return backend.service
    }
}
