import Hummingbird
import NIOCore
import PrismShared

/// The outermost middleware: gives every request its id (the inbound `x-request-id` when it is a sane
/// token, else a new one) and a `DecisionRecord`, and puts the record's `x-prism-*` headers on the answer —
/// successes and the error middleware's error answers alike (SPEC §12). Handlers return once the upstream
/// has answered and before the body is written, so the headers say who answered.
///
/// It also ends every request that named a model with its usage ledger row (SPEC §13), once the answer's
/// body has been written (a stream's last event included) or has failed, and publishes its outcome to the
/// observers of SPEC §14 (request log, metrics, provider health, the request line).
struct DecisionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    var usage: UsageObserver? = nil
    /// The request log, metrics, provider health and request line (SPEC §14).
    var outcomes: OutcomeObservers? = nil
    /// `LOG_BODIES=true`: request bodies (up to this many bytes) are kept for the request log.
    var logBodiesUpTo: Int? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let record = DecisionRecord(requestID: Self.requestID(request.headers[.requestID]))
        context.decision = record
        let path = request.uri.path
        let (surface, isAPI) = (Surface(path: path), path.hasPrefix("/v1/") || path.hasPrefix("/mcp"))
        let finish: @Sendable (Int) -> Void = { status in
            usage?.finished(record, status: status)
            outcomes?.finished(record, status: status, surface: surface, isAPI: isAPI)
        }
        var request = request
        if let limit = logBodiesUpTo, isAPI, request.method == .post {
            do {
                record.outcome.body(String(buffer: try await request.collectBody(upTo: limit)))
            } catch is NIOTooManyBytesError {
                // What the handler would have answered, had it read the body itself.
                finish(413)
                var response = GatewayError(status: 413, code: "request_too_large", message: "The request body is too large; send less, or raise MAX_BODY_BYTES.").response
                response.headers.append(contentsOf: record.headers)
                return response
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            finish((error as? GatewayError)?.status ?? 500)
            throw error
        }
        response.headers.append(contentsOf: record.headers)
        guard usage != nil || outcomes != nil else { return response }
        record.usage.answerStarted()
        let (body, status) = (response.body, Int(response.status.code))
        // LOG_BODIES: the answer's first bytes are kept for the log as they pass.
        let capture = logBodiesUpTo != nil && isAPI ? BodyCapture() : nil
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                if let capture {
                    try await body.write(writer.map { buffer in
                        capture.add(buffer)
                        return buffer
                    })
                } else {
                    try await body.write(writer)
                }
            } catch {
                capture.map { record.outcome.answered(body: $0.text) }
                finish(status)
                throw error
            }
            capture.map { record.outcome.answered(body: $0.text) }
            finish(status)
        }
        return response
    }

    /// The client's id when it is 1–128 characters of letters, digits and `-_.:`; otherwise a new one, so a
    /// crafted header cannot smuggle anything into our logs or answers.
    static func requestID(_ inbound: String?) -> String {
        if let inbound, (1...128).contains(inbound.utf8.count),
           inbound.utf8.allSatisfy({ $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || "-_.:".utf8.contains($0)) }) {
            return inbound
        }
        return Identifier.make("req")
    }
}
