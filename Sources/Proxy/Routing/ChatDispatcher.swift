import AsyncHTTPClient
import Foundation
import NIOCore
import PrismShared
import Tracing

/// Sends a chat request to its targets with the keys the caller may use (SPEC §3, §12): the targets of the
/// plan in order (one for a direct `provider/model`), and at each round-robin over its pool, retrying on the
/// next key on 401, 402, 403, 429, 5xx or a connection failure; a route also moves to its next target on
/// those and on a context-length 400. It returns the first successful reply before anything reaches the
/// client, so a retry or fallback never follows a half-sent answer; the reply says which target answered.
struct ChatDispatcher: Sendable {
    let providers: [String: any ChatProvider]
    /// The environment's pools, one per provider.
    let pools: [String: KeyPool]
    let maxAttempts: Int
    let allowBYOK: Bool
    let meter: UsageMeter
    /// Every key of the environment, to keep out of error texts.
    let redactor: SecretRedactor
    let timeouts: UpstreamTimeouts
    /// Per-provider circuits, shared with the planner and the admin.
    let breakers: CircuitBreakers
    /// Times to first byte and failures of route targets.
    let stats: RouteStats
    /// `ROUTE_MAX_TARGETS`: targets attempted per routed request.
    let maxTargets: Int

    /// The provider and key pool that serve `provider` for `principal`, or a 404 naming what is missing.
    func resolve(_ provider: String, for principal: Principal) throws(GatewayError) -> (any ChatProvider, KeyPool) {
        guard let upstream = providers[provider] else {
            throw .notFound("There is no provider \(provider): use a model name such as groq/llama-3.1-8b-instant.", code: "model_not_found", param: "model")
        }
        let profile = upstream.profile
        switch principal.role {
        case .admin, .user:
            guard profile.isLoaded, let pool = pools[provider] else {
                let byok = allowBYOK ? " or send \(profile.keyHeader)" : ""
                throw .notFound("Provider \(provider) has no key: set \(profile.keyVariable)\(byok).", code: "model_not_found", param: "model")
            }
            return (upstream, pool)
        case .byok(let own):
            let keys = own.keys(for: provider)
            if keys.isEmpty, !(profile.isCustom && profile.keys.isEmpty) {
                throw .notFound("Provider \(provider) has no key of yours: send \(profile.keyHeader) or your key as the Bearer token.", code: "model_not_found", param: "model")
            }
            return (upstream, KeyPool(keys: keys, benchSeconds: 0))
        }
    }

    /// How a keyless target is described in a route's sentence.
    func missingKey(_ provider: String, for principal: Principal) -> String {
        guard let profile = providers[provider]?.profile else { return "there is no such provider" }
        if principal.isBYOK { return "send \(profile.keyHeader)" }
        return "set \(profile.keyVariable)"
    }

    /// The first successful reply of the plan's targets, after at most `maxAttempts` attempts with distinct
    /// keys per target and `maxTargets` targets, all within `REQUEST_TIMEOUT_SECONDS`. A non-streaming answer
    /// is read whole and checked to be a JSON object before it counts as a success, so a truncated or invalid
    /// one is retried like any failure. `decision` learns every attempt, for the answer's headers.
    func open(_ request: ChatRequest, plan: DispatchPlan, principal: Principal, decision: DecisionRecord? = nil) async throws -> UpstreamReply {
        let requestDeadline = timeouts.requestDeadline()
        let routed = plan.route != nil
        if let route = plan.route { AttemptSpan.decided(route: route.name, targets: plan.targets.map(\.name)) }
        var trail = DispatchTrail()
        for target in plan.targets {
            guard trail.targetsTried < maxTargets else { break }
            let provider: any ChatProvider
            let pool: KeyPool
            do {
                (provider, pool) = try resolve(target.provider, for: principal)
            } catch {
                guard routed else { throw error }
                trail.skip(target, .noKey(missingKey(target.provider, for: principal)))
                continue
            }
            if routed, !breakers.admit(target.provider) {
                trail.skip(target, .open(secondsUntilTrial: breakers.secondsUntilTrial(of: target.provider)))
                continue
            }
            let (leases, wait) = pool.leases(limit: maxAttempts)
            guard !leases.isEmpty else {
                guard routed else {
                    throw GatewayError(
                        status: 429, code: "rate_limited",
                        message: "Every key of provider \(target.provider) is cooling down after being rate limited or refused; retry in \(wait ?? 1) s.",
                        retryAfter: wait)
                }
                trail.skip(target, .cooling(seconds: wait))
                continue
            }
            trail.startTarget()
            let attempt = TargetAttempt(
                dispatcher: self, request: request, target: target, provider: provider, pool: pool, routed: routed, decision: decision,
                redactor: redactor.adding(pool.keys))
            if let reply = try await attempt.run(leases: leases, requestDeadline: requestDeadline, trail: &trail) {
                return reply
            }
            trail.gaveUp(on: target)
        }
        if let route = plan.route { throw trail.routeError(route) }
        guard let last = trail.lastFailure else {
            throw GatewayError.internal("Prism had no target to try for this request; the error is in the gateway log. Try again.")
        }
        throw last.failure.finalError(provider: last.target.provider, attempts: trail.attempts, keyVariable: last.keyVariable)
    }
}
