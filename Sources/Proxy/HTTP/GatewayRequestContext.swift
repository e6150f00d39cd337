import Hummingbird

/// Per-request state: who is calling, and what the gateway decided for the request. Filled in by
/// `DecisionMiddleware` and `AuthMiddleware`; nothing else is shared.
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var principal: Principal = .admin
    /// Where routing notes the answering provider, model, route and attempts (the `x-prism-*` headers).
    var decision: DecisionRecord?
    /// Budget admission for managed keys with a budget (set by `AuthMiddleware`).
    var budgets: BudgetGate?

    init(source: Source) {
        coreContext = .init(source: source)
    }
}
