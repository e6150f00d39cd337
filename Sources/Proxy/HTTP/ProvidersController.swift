import Foundation
import Hummingbird
import PrismShared

/// `GET /v1/admin/providers` (SPEC §14, admin only): one entry per provider and kind — every text provider
/// with keys, and every provider and kind that has served a request since start — with its keys by state,
/// its circuit, its last error and its 5- and 60-minute windows from the request outcomes.
struct ProvidersController: Sendable {
    let health: ProviderHealth
    let breakers: CircuitBreakers
    let pools: [String: KeyPool]
    /// The base URL of each text provider.
    let baseURLs: [String: String]
    /// Tool providers with keys (`tavily`), listed as kind `tool`.
    let tools: [String]

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/admin/providers", use: list)
    }

    /// Every provider and kind with its health.
    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("GET /v1/admin/providers") }
        let report = health.report()
        var targets = Set(report.keys)
        for provider in pools.keys { targets.insert(.init(provider: provider, kind: "text")) }
        for tool in tools { targets.insert(.init(provider: tool, kind: "tool")) }
        let data = targets.sorted().map { target in
            entry(target, report[target])
        }
        return JSONResponse.make(["object": "list", "data": .array(data)])
    }

    private func entry(_ target: ProviderHealth.Target, _ seen: (window5: ProviderHealth.Window, window60: ProviderHealth.Window, lastError: ProviderHealth.LastError?)?) -> JSONValue {
        let keys = pools[target.provider].map(GatewayMetrics.keyStates)
        let circuit: String = switch breakers.state(of: target.provider) {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
        let host = target.kind == "text" ? baseURLs[target.provider].flatMap { URL(string: $0)?.host } : nil
        return [
            "id": .string(target.provider), "kind": .string(target.kind), "base_url_host": host.map { .string($0) } ?? .null,
            "keys": keys.map { ["usable": JSONValue($0.usable), "cooling": JSONValue($0.cooling), "benched": JSONValue($0.benched)] } ?? .null,
            "circuit": .string(circuit),
            "last_error": seen?.lastError.map { error in
                ["status": error.status.map { JSONValue($0) } ?? .null, "message": .string(error.message), "at": JSONValue(Int(error.at))]
            } ?? .null,
            "window_5m": Self.json(seen?.window5 ?? .init()), "window_60m": Self.json(seen?.window60 ?? .init()),
        ]
    }

    private static func json(_ window: ProviderHealth.Window) -> JSONValue {
        [
            "requests": JSONValue(window.requests), "errors": JSONValue(window.errors), "p50_ms": window.p50Ms.map { .number($0) } ?? .null,
            "p95_ms": window.p95Ms.map { .number($0) } ?? .null,
        ]
    }
}
