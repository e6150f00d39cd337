import PrismShared

/// What a request for a model would meet, without calling anything (SPEC §12's dry run): each target in
/// the order the route would try it, whether it is usable now, and its estimated cost.
struct RouteCandidates {
    let planner: RoutePlanner
    let dispatcher: ChatDispatcher
    let media: MediaRegistry

    struct Candidate {
        let target: String
        let provider: String
        let state: String
        let keysUsable: Int?
        let estimatedCost: Double?

        var json: JSONValue {
            [
                "target": .string(target), "provider": .string(provider), "state": .string(state),
                "keys_usable": keysUsable.map { JSONValue($0) } ?? .null, "estimated_cost_usd": estimatedCost.map { JSONValue.number(($0 * 1e9).rounded() / 1e9) } ?? .null,
            ]
        }
    }

    /// The dry-run answer for `model` and a chat body.
    func report(model: String, route: ModelRoute, body: JSONObject, principal: Principal) -> JSONValue {
        let estimate = TokenEstimate(chatBody: body)
        var definition: RouteDefinition?
        var candidates: [Candidate] = []
        switch route {
        case .route(let name):
            definition = planner.route(named: name)
            let targets = definition.map { planner.ordered($0, estimate: estimate, advance: false) } ?? []
            candidates = targets.map { target in
                target.model.hasPrefix("image/") || target.model.hasPrefix("video/")
                    ? mediaCandidate(target, principal: principal) : textCandidate(target, principal: principal, routed: true, estimate: estimate)
            }
        case .text:
            let target = RouteTarget(model: planner.textTargetName(route))
            candidates = [textCandidate(target, principal: principal, routed: false, estimate: estimate)]
        case .image, .video:
            candidates = [mediaCandidate(RouteTarget(model: model), principal: principal)]
        case .admin:
            break
        }
        let chosen = candidates.first { $0.state == "usable" }?.target
        return [
            "model": .string(model), "route": definition.map { .string($0.name) } ?? .null,
            "strategy": definition.map { .string($0.strategy.rawValue) } ?? .null,
            "candidates": .array(candidates.map(\.json)), "chosen": chosen.map { .string($0) } ?? .null,
        ]
    }

    private func textCandidate(_ target: RouteTarget, principal: Principal, routed: Bool, estimate: TokenEstimate) -> Candidate {
        let plan = planner.textTarget(target)
        var state = "usable"
        var keys: Int? = 0
        if let (_, pool) = try? dispatcher.resolve(plan.provider, for: principal) {
            keys = pool.usableCount()
            if keys == 0 { state = "no_key" }
        } else {
            state = "no_key"
        }
        // A direct request goes to an open provider all the same (SPEC §12); only routes skip it.
        if state == "usable", routed, planner.breakers.state(of: plan.provider) == .open { state = "open" }
        return Candidate(
            target: target.model, provider: plan.provider, state: state, keysUsable: keys,
            estimatedCost: planner.prices.estimatedCost(of: target.model, inputTokens: estimate.input, outputTokens: estimate.output))
    }

    private func mediaCandidate(_ target: RouteTarget, principal: Principal) -> Candidate {
        let breaker = planner.breakerKey(target)
        var state = "usable"
        if let slash = target.model.firstIndex(of: "/"), let family = MediaFamily(rawValue: String(target.model[..<slash])) {
            if (try? media.provider(family, String(target.model[target.model.index(after: slash)...]), principal: principal)) == nil { state = "no_key" }
        }
        if state == "usable", planner.breakers.state(of: breaker) == .open { state = "open" }
        return Candidate(target: target.model, provider: breaker, state: state, keysUsable: nil, estimatedCost: planner.cost(of: target, TokenEstimate(input: 0, output: 0)))
    }
}
