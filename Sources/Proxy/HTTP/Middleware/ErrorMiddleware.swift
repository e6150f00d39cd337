import Hummingbird
import Logging
import PrismShared
import Storage

/// The outermost middleware: every failure leaves as the SPEC §9 JSON shape (Anthropic's shape on the
/// Anthropic surface), and server-side failures are logged at error level (Hummingbird logs unknown errors
/// only at debug level).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// The last guard: no key reaches an error answer or the log, whichever path built the message.
    let redactor: SecretRedactor
    /// Which methods a path has, for `405` and its `Allow` header.
    let routes: KnownRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var error: GatewayError
        do {
            return try await next(request, context)
        } catch let caught as GatewayError {
            error = caught
            error.message = redactor.redact(error.message)
            if error.status >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error.status) \(error.code): \(error.message)")
            }
        } catch let caught as HTTPError {
            let allowed = caught.status == .notFound ? routes.methods(for: request.uri.path) : []
            // A method the path does take that still found nothing (a static route shadowing a captured
            // one, as `/v1/responses/all` does for GET) is a 404, not a 405.
            guard allowed.isEmpty || allowed.contains(request.method.rawValue) else {
                let error = GatewayError(
                    status: 405, code: "method_not_allowed",
                    message: "\(request.uri.path) does not take \(request.method); it takes \(allowed.joined(separator: ", ")).")
                var response = AnthropicError.applies(to: request.uri.path) ? AnthropicError.response(for: error) : error.response
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            error = Self.translate(caught, request: request)
        } catch let caught as StoreError {
            error = Self.translate(caught)
            if error.status >= 500 { context.logger.error("\(request.method) \(request.uri.path) failed: \(redactor.redact(error.message))") }
        } catch is CancellationError {
            error = GatewayError(status: 499, code: "client_closed", message: "The client closed the connection.")
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed unexpectedly: \(redactor.redact(String(reflecting: error)))")
            return GatewayError.internal("Prism failed to handle this request; the error is in the gateway log. Try again.").response
        }
        context.decision?.outcome.failed(code: error.code, message: error.message)
        return AnthropicError.applies(to: request.uri.path) ? AnthropicError.response(for: error) : error.response
    }

    /// A store's own error in SPEC §9 words: a bad cursor is the caller's; a database that is down is a 503.
    static func translate(_ error: StoreError) -> GatewayError {
        switch error {
        case .unknownCursor(let cursor):
            return .invalidRequest(
                "The cursor after (\(cursor.prefix(80))) does not name an item of this list; use an id from a previous page.", code: "invalid_cursor",
                param: "after")
        case .unavailable(let reason):
            return GatewayError(status: 503, code: "store_unavailable", message: "The database is unavailable (\(reason)); try again in a moment.")
        }
    }

    static func translate(_ error: HTTPError, request: Request) -> GatewayError {
        switch error.status {
        case .notFound:
            return .notFound("There is no route \(request.method) \(request.uri.path): the API lives under /v1 (see the README).", code: "route_not_found")
        case .methodNotAllowed:
            return GatewayError(status: 405, code: "method_not_allowed", message: "\(request.uri.path) does not take \(request.method): see the README for its methods.")
        case .contentTooLarge:
            return GatewayError(status: 413, code: "request_too_large", message: "The request body is too large; send less, or raise MAX_BODY_BYTES.")
        default:
            let code = Int(error.status.code)
            return GatewayError(status: code, code: code >= 500 ? "internal" : "invalid_request", message: error.body ?? "The request failed with \(code) \(error.status.reasonPhrase).")
        }
    }
}
