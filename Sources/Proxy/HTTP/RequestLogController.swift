import Foundation
import Hummingbird
import PrismShared
import Storage

/// `GET /v1/admin/requests` and `GET /v1/admin/requests/{id}` (SPEC §14, admin only): the request log newest
/// first in the list shape of §6, filtered by `model`, `provider`, `status`, `key_id` and `since`; one request
/// with its attempts. An unknown parameter or a bad value is a 400 naming it.
struct RequestLogController: Sendable {
    let log: any RequestLog
    /// The query parameters the list takes; any other is a 400.
    static let parameters: Set<String> = ["model", "provider", "status", "key_id", "since", "limit", "after"]

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/admin/requests", use: list)
        router.get("/v1/admin/requests/{id}", use: retrieve)
    }

    /// The log, newest first, filtered.
    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("The request log") }
        let query = request.uri.queryParameters
        if let unknown = query.map({ String($0.key) }).sorted().first(where: { !Self.parameters.contains($0) }) {
            throw GatewayError.invalidRequest(
                "\(unknown.prefix(40)) is not a filter of the request log; use \(Self.parameters.sorted().joined(separator: ", ")).",
                code: "unknown_parameter", param: String(unknown.prefix(40)))
        }
        let paging = try ListQuery(request)
        var filter = RequestLogFilter(
            model: ListQuery.filter(request, "model"), provider: ListQuery.filter(request, "provider"), keyID: ListQuery.filter(request, "key_id"))
        if let raw = ListQuery.filter(request, "status") {
            guard let status = Int(raw), (100...599).contains(status) else {
                throw GatewayError.invalidRequest("status is \(raw.prefix(40)); use an HTTP status code such as 502.", code: "invalid_status", param: "status")
            }
            filter.status = status
        }
        filter.since = try UsageController.time(ListQuery.filter(request, "since"), field: "since")
        let page = try await log.list(filter, limit: paging.limit, after: paging.after)
        return JSONResponse.list(page.items.map { Self.json($0) }, hasMore: page.hasMore)
    }

    /// One request with its attempts.
    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("The request log") }
        let id = try pathID(context)
        guard let entry = try await log.entry(id: id) else {
            throw GatewayError.notFound("There is no request \(id) in the log: it never came, or is older than REQUEST_LOG_DAYS.", code: "request_not_found")
        }
        return JSONResponse.make(Self.json(entry))
    }

    /// A request as SPEC §14 shows it; bodies only when they were kept.
    static func json(_ entry: RequestLogEntry) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        func number(_ value: Double?) -> JSONValue { value.map { .number(($0 * 10).rounded() / 10) } ?? .null }
        var object: JSONValue = [
            "id": .string(entry.id), "object": "request", "created_at": JSONValue(Int(entry.time)), "surface": .string(entry.surface),
            "key_id": text(entry.keyID), "principal": .string(entry.principal), "model": text(entry.model), "route": text(entry.route),
            "provider": text(entry.provider), "upstream_model": text(entry.upstreamModel), "status": JSONValue(entry.status),
            "error_code": text(entry.errorCode), "latency_ms": number(entry.latencyMs), "ttfb_ms": number(entry.ttfbMs),
            "input_tokens": JSONValue(entry.inputTokens), "output_tokens": JSONValue(entry.outputTokens), "cost_usd": .number(entry.costUSD),
            "attempts": .array(entry.attempts.map(\.json)),
        ]
        if let body = entry.requestBody { object["request_body"] = .string(body) }
        if let body = entry.responseBody { object["response_body"] = .string(body) }
        return object
    }
}
