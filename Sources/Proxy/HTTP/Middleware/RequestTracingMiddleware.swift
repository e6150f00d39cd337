import HTTPTypes
import Hummingbird
import Instrumentation
import Tracing

/// One server span per request (SPEC §14), continuing an inbound W3C `traceparent`; it ends once the answer's
/// body is written, with the request id, model, provider, route and status as attributes. Added only when
/// tracing is on (`OTEL_EXPORTER_OTLP_ENDPOINT`), inside `DecisionMiddleware`, whose record it reads.
struct RequestTracingMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var parent = ServiceContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let surface = Surface(path: request.uri.path)
        let span = InstrumentationSystem.tracer.startSpan("\(request.method.rawValue) \(surface.rawValue)", context: parent, ofKind: .server)
        span.attributes["http.request.method"] = request.method.rawValue
        span.attributes["url.path"] = request.uri.path
        let finish: @Sendable (Int) -> Void = { status in
            if let record = context.decision {
                let decision = record.snapshot
                span.attributes["prism.request_id"] = record.requestID
                span.attributes["prism.model"] = record.usage.snapshot.model
                span.attributes["prism.provider"] = decision.provider
                span.attributes["prism.route"] = decision.route
            }
            span.attributes["http.response.status_code"] = status
            if status >= 500 { span.setStatus(.init(code: .error)) }
            span.end()
        }
        var response: Response
        do {
            response = try await ServiceContext.withValue(span.context) { try await next(request, context) }
        } catch {
            span.recordError(error)
            finish((error as? GatewayError)?.status ?? 500)
            throw error
        }
        let (body, status) = (response.body, Int(response.status.code))
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
            } catch {
                finish(status)
                throw error
            }
            finish(status)
        }
        return response
    }
}

/// Reads `traceparent` (and any other propagated field) from a request's headers.
struct HTTPFieldsExtractor: Extractor {
    /// The header of that name, if any.
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
