import Hummingbird
import Logging

/// The outermost middleware: every failure leaves as the SPEC §9 JSON shape (Anthropic's shape on the
/// Anthropic surface), and server-side failures are logged at error level (Hummingbird logs unknown errors
/// only at debug level).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let error: GatewayError
        do {
            return try await next(request, context)
        } catch let caught as GatewayError {
            error = caught
            if error.status >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(error.status) \(error.code): \(error.message)")
            }
        } catch let caught as HTTPError {
            error = Self.translate(caught, request: request)
        } catch is CancellationError {
            error = GatewayError(status: 499, code: "client_closed", message: "The client closed the connection.")
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed unexpectedly: \(String(reflecting: error))")
            return GatewayError.internal("Prism failed to handle this request; the error is in the gateway log. Try again.").response
        }
        return AnthropicError.applies(to: request.uri.path) ? AnthropicError.response(for: error) : error.response
    }

    static func translate(_ error: HTTPError, request: Request) -> GatewayError {
        switch error.status {
        case .notFound:
            return .notFound("There is no route `\(request.method) \(request.uri.path)`: the API lives under /v1 (see the README).", code: "route_not_found")
        case .methodNotAllowed:
            return GatewayError(status: 405, code: "method_not_allowed", message: "`\(request.uri.path)` does not take \(request.method): see the README for its methods.")
        case .contentTooLarge:
            return GatewayError(status: 413, code: "request_too_large", message: "The request body is too large; send less, or raise MAX_BODY_BYTES.")
        default:
            let code = Int(error.status.code)
            return GatewayError(status: code, code: code >= 500 ? "internal" : "invalid_request", message: error.body ?? "The request failed with \(code) \(error.status.reasonPhrase).")
        }
    }
}
