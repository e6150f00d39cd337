import Hummingbird
import PrismShared

/// `POST /v1/route/dry-run` (what a request would meet, without calling anything) and the admin's
/// `GET /v1/admin/routes` (each route's targets: traffic, failures, time to first byte, circuit).
struct RoutesController: Sendable {
    let router: ModelRouter
    let planner: RoutePlanner
    let dispatcher: ChatDispatcher
    let media: MediaRegistry
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/route/dry-run", use: dryRun)
        router.get("/v1/admin/routes", use: list)
    }

    @Sendable func dryRun(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let json = try await request.jsonBody(limit: maxBodyBytes)
        // A Responses body (`input`) is checked and translated as a real request would be.
        let chat = json["input"] != nil && json["messages"] == nil
            ? try ResponsesTranslation.chatRequest(for: try ResponsesRequest(json: json), history: [])
            : try ChatRequest(json: json)
        try context.principal.checkAllowed(chat.model)  // no upstream call, so no ledger row
        let route = try router.route(chat.model)
        if case .admin = route, !context.principal.isAdmin { throw GatewayError.adminOnly("admin/magic") }
        let candidates = RouteCandidates(planner: planner, dispatcher: dispatcher, media: media)
        var report = candidates.report(model: chat.model, route: route, body: chat.body, principal: context.principal)
        // The same checks as a real request (SPEC §12): a managed key's budget says what it has left.
        if let gate = context.budgets, let access = context.principal.access, let left = try await gate.left(access) {
            report["budget_left_usd"] = .number((left * 1e9).rounded() / 1e9)
        }
        return JSONResponse.make(report)
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("GET /v1/admin/routes") }
        return JSONResponse.make(["object": "list", "data": .array(RouteReport(planner: planner).routes)])
    }
}

/// Each route with, per target, the last 15 minutes of requests, failures and time to first byte, and its
/// provider's circuit — for `GET /v1/admin/routes` and the `routes` command of `admin/magic`.
struct RouteReport {
    let planner: RoutePlanner

    var routes: [JSONValue] {
        planner.names.compactMap { planner.routes[$0] }.map { route in
            [
                "name": .string(route.name), "strategy": .string(route.strategy.rawValue),
                "targets": .array(route.targets.map { target in
                    let summary = planner.stats.summary(of: target.model)
                    let breaker = planner.breakerKey(target)
                    return [
                        "target": .string(target.model), "provider": .string(breaker), "weight": JSONValue(target.weight),
                        "requests": JSONValue(summary.requests), "failures": JSONValue(summary.failures),
                        "p50_ttfb_ms": summary.p50Milliseconds.map { .number($0.rounded()) } ?? .null,
                        "p95_ttfb_ms": summary.p95Milliseconds.map { .number($0.rounded()) } ?? .null,
                        "circuit": .string(planner.breakers.state(of: breaker).rawValue),
                    ]
                }),
            ]
        }
    }

    /// The same as plain text lines, for the admin chat.
    var text: String {
        guard !planner.names.isEmpty else { return "No routes are configured: add routes: to prism.yaml (see prism.yaml.example)." }
        return planner.names.compactMap { planner.routes[$0] }.map { route in
            let lines = route.targets.map { target -> String in
                let summary = planner.stats.summary(of: target.model)
                let times = summary.p50Milliseconds.map { p50 in ", first byte p50 \(Int(p50)) ms, p95 \(Int(summary.p95Milliseconds ?? p50)) ms" } ?? ""
                return "  \(target.model): \(summary.requests) requests, \(summary.failures) failed\(times), circuit \(planner.breakers.state(of: planner.breakerKey(target)).rawValue)"
            }
            return "\(route.name) (\(route.strategy.rawValue)):\n" + lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
