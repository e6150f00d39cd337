import Hummingbird

/// Per-request state: who is calling. Filled in by `AuthMiddleware`; nothing else is shared.
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var principal: Principal = .admin

    init(source: Source) {
        coreContext = .init(source: source)
    }
}
