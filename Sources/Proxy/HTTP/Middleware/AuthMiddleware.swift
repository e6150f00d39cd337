import Foundation
import Storage
import Hummingbird
import HTTPTypes

/// Resolves the caller's principal before any route runs; a wrong or missing key is a 401. A managed key's
/// rate limits (SPEC §13) are counted here too, before any work: over a limit is a 429 with `Retry-After`,
/// and every answer within them carries OpenAI's `x-ratelimit-*` headers.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let authenticator: Authenticator
    var windows: RateWindows? = nil
    var budgets: BudgetGate? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = try await authenticator.principal(for: request.headers)
        context.decision?.usage.caller(context.principal, tags: Self.tags(request.headers))
        context.budgets = budgets
        guard let windows, let access = context.principal.access, access.rateLimits.values.contains(where: \.hasWindows) else { return try await next(request, context) }
        let now = Date.now.timeIntervalSince1970
        var standing: RateWindows.Standing?
        // The key's limits first, then its team's; the headers speak of the key's own.
        for (scope, limit) in access.rateLimits.sorted(by: { $0.key < $1.key }) where limit.hasWindows {
            switch windows.admit(scope, limit: limit, now: now) {
            case .success(let counted): if standing == nil || scope.hasPrefix("key:") { standing = counted }
            case .failure(let refusal):
                throw GatewayError(
                    status: 429, code: "rate_limited",
                    message: "The \(scope.hasPrefix("team:") ? "team of API key \(access.keyID)" : "API key \(access.keyID)") may send \(refusal.limit); retry in \(refusal.retryAfter) s.",
                    retryAfter: refusal.retryAfter)
            }
        }
        var response = try await next(request, context)
        if let standing { response.headers.append(contentsOf: standing.headers) }
        return response
    }
}

extension AuthMiddleware {
    /// `x-prism-tags: a,b` (SPEC §13); `metadata.tags` of a body is read by the handlers that parse it.
    static func tags(_ headers: HTTPFields) -> [String] {
        guard let name = HTTPField.Name("x-prism-tags"), let value = headers[name] else { return [] }
        return UsageNotes.tags(.string(value))
    }
}

extension RateWindows.Standing {
    /// OpenAI's names: `x-ratelimit-limit-requests`, `-remaining-`, `-reset-` (as `12s`), and `-tokens` ones.
    var headers: HTTPFields {
        var fields = HTTPFields()
        func add(_ name: String, _ value: String) {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        add("x-ratelimit-limit-requests", String(limitRequests))
        add("x-ratelimit-remaining-requests", String(remainingRequests))
        add("x-ratelimit-reset-requests", "\(resetRequestsSeconds)s")
        if let limitTokens, let remainingTokens, let resetTokensSeconds {
            add("x-ratelimit-limit-tokens", String(limitTokens))
            add("x-ratelimit-remaining-tokens", String(remainingTokens))
            add("x-ratelimit-reset-tokens", "\(resetTokensSeconds)s")
        }
        return fields
    }
}

extension RateLimit {
    /// Whether the limit counts requests or tokens in windows (`max_concurrent_jobs` alone counts jobs).
    var hasWindows: Bool { rpm != nil || rpd != nil || tpm != nil }
}
