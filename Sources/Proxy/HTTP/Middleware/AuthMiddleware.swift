import Hummingbird

/// Resolves the caller's principal before any route runs; a wrong or missing key is a 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = try authenticator.principal(for: request.headers)
        return try await next(request, context)
    }
}
