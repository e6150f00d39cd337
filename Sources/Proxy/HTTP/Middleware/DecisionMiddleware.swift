import Hummingbird
import PrismShared

/// The outermost middleware: gives every request its id (the inbound `x-request-id` when it is a sane
/// token, else a new one) and a `DecisionRecord`, and puts the record's `x-prism-*` headers on the answer —
/// successes and the error middleware's error answers alike (SPEC §12). Handlers return once the upstream
/// has answered and before the body is written, so the headers say who answered.
struct DecisionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let record = DecisionRecord(requestID: Self.requestID(request.headers[.requestID]))
        context.decision = record
        var response = try await next(request, context)
        response.headers.append(contentsOf: record.headers)
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
