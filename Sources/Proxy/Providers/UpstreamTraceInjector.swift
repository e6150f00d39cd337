import AsyncHTTPClient
import Instrumentation
import NIOHTTP1
import Tracing

/// Writes the current span's W3C `traceparent` into an upstream request's headers (SPEC §14). Nothing is
/// written when no span is current (tracing off).
struct UpstreamTraceInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout HTTPHeaders) {
        carrier.replaceOrAdd(name: key, value: value)
    }

    static func inject(into request: inout HTTPClientRequest) {
        guard let context = ServiceContext.current else { return }
        InstrumentationSystem.instrument.inject(context, into: &request.headers, using: UpstreamTraceInjector())
    }
}
