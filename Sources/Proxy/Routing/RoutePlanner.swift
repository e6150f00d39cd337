import PrismShared
import Synchronization

/// The `Router` of ARCHITECTURE.md's core seams (named apart from Hummingbird's `Router`): turns a route
/// into its targets in the order to try them, by the route's strategy (SPEC §12). The dispatcher then
/// skips open circuits and keyless providers and tries the rest. Chance and time are injected
/// (`RandomSource`, and the clock inside `stats` and `breakers`), so every ordering is testable.
final class RoutePlanner: Sendable {
    let routes: [String: RouteDefinition]
    let breakers: CircuitBreakers
    let stats: RouteStats
    let prices: PriceTable
    let random: RandomSource
    /// Share of `latency` requests that try a target at random, so a target that was slow once is not
    /// left without fresh data for ever.
    let explorationRate = 0.05
    private let providers: Set<String>
    private let defaultProvider: String
    private let cursors = Mutex<[String: Int]>([:])
    /// Each text target's provider and upstream model, resolved once rather than per request.
    private let resolved: [String: DispatchPlan.Target]
    /// The targets of each text route in listed order: a `fallback` route's plan, built once.
    private let listed: [String: [DispatchPlan.Target]]

    init(
        routes: [RouteDefinition], providers: Set<String>, defaultProvider: String, breakers: CircuitBreakers, stats: RouteStats,
        prices: PriceTable, random: RandomSource = .system
    ) {
        self.routes = Dictionary(uniqueKeysWithValues: routes.map { ($0.name, $0) })
        self.providers = providers
        self.defaultProvider = defaultProvider
        var resolved: [String: DispatchPlan.Target] = [:]
        for target in routes.flatMap(\.targets) where target.model.firstIndex(of: "/") != nil {
            if case .text(let provider, let model) = ModelRoute.resolve(target.model, providers: providers, defaultProvider: defaultProvider) {
                resolved[target.model] = DispatchPlan.Target(provider: provider, model: model, name: target.model)
            }
        }
        self.resolved = resolved
        listed = Dictionary(uniqueKeysWithValues: routes.filter { $0.mediaFamily == nil }.map { route in
            (route.name, route.targets.compactMap { resolved[$0.model] })
        })
        self.breakers = breakers
        self.stats = stats
        self.prices = prices
        self.random = random
    }

    /// Route names, sorted, for `/v1/models` and the admin.
    var names: [String] { routes.keys.sorted() }

    /// The route a model name means: `route/<name>` or a bare `<name>`.
    func route(named model: String) -> RouteDefinition? {
        routes[model.hasPrefix("route/") ? String(model.dropFirst(6)) : model]
    }

    /// The text plan for a model route: one target for a direct name, the route's ordered targets for a route.
    func textPlan(_ route: ModelRoute, body: JSONObject) -> DispatchPlan? {
        switch route {
        case .text(let provider, let model):
            return .direct(provider: provider, model: model)
        case .route(let name):
            guard let definition = routes[name], definition.mediaFamily == nil else { return nil }
            if definition.strategy == .fallback || definition.targets.count == 1, let targets = listed[name] {
                return DispatchPlan(route: definition, targets: targets)
            }
            // Only the cost strategy reads the estimate; the others skip measuring the body.
            let estimate = definition.strategy == .cost ? TokenEstimate(chatBody: body) : TokenEstimate(input: 0, output: 0)
            return DispatchPlan(route: definition, targets: ordered(definition, estimate: estimate).map(textTarget))
        default:
            return nil
        }
    }

    /// The media route a model route names, if it is one.
    func mediaRoute(_ route: ModelRoute) -> RouteDefinition? {
        guard case .route(let name) = route, let definition = routes[name], definition.mediaFamily != nil else { return nil }
        return definition
    }

    /// A text target's provider and upstream model (validation made sure the prefix is a provider).
    func textTarget(_ target: RouteTarget) -> DispatchPlan.Target {
        if let known = resolved[target.model] { return known }
        guard case .text(let provider, let model) = ModelRoute.resolve(target.model, providers: providers, defaultProvider: defaultProvider) else {
            return DispatchPlan.Target(provider: defaultProvider, model: target.model, name: target.model)
        }
        return DispatchPlan.Target(provider: provider, model: model, name: target.model)
    }

    /// The full name of a direct text model (`groq/x`, or the default provider's), for dry runs.
    func textTargetName(_ route: ModelRoute) -> String {
        guard case .text(let provider, let model) = route else { return "" }
        return "\(provider)/\(model)"
    }

    /// The provider whose breaker guards a target: the text provider, or the media family and provider
    /// name (`image/doubao` for `image/doubao-seedream-4-0`), close enough to share one circuit per upstream.
    func breakerKey(_ target: RouteTarget) -> String {
        if let slash = target.model.firstIndex(of: "/"), let family = MediaFamily(rawValue: String(target.model[..<slash])) {
            return family.provider(of: String(target.model[target.model.index(after: slash)...]))
        }
        return textTarget(target).provider
    }

    /// The route's targets in the order to try them.
    /// `advance: false` (dry runs) leaves the round-robin cursor where it is.
    func ordered(_ route: RouteDefinition, estimate: TokenEstimate, advance: Bool = true) -> [RouteTarget] {
        let targets = route.targets
        guard targets.count > 1 else { return targets }
        switch route.strategy {
        case .fallback:
            return targets
        case .roundRobin:
            let start = cursors.withLock { cursors in
                let next = cursors[route.name, default: 0]
                if advance { cursors[route.name] = (next + 1) % targets.count }
                return next
            }
            return Array(targets[start...] + targets[..<start])
        case .weighted:
            let total = targets.reduce(0) { $0 + $1.weight }
            var point = random.next() * Double(total)
            let chosen = targets.firstIndex { target in
                point -= Double(target.weight)
                return point < 0
            } ?? targets.count - 1
            return [targets[chosen]] + targets.enumerated().filter { $0.offset != chosen }.map(\.element)
        case .latency:
            var byLatency = targets.enumerated().sorted { left, right in
                switch (stats.latency(of: left.element.model), stats.latency(of: right.element.model)) {
                case (nil, nil): return left.offset < right.offset
                case (nil, _): return true
                case (_, nil): return false
                case let (l?, r?): return l == r ? left.offset < right.offset : l < r
                }
            }.map(\.element)
            if random.next() < explorationRate {
                let explored = min(targets.count - 1, Int(random.next() * Double(targets.count)))
                let pick = targets[explored]
                byLatency.removeAll { $0 == pick }
                byLatency.insert(pick, at: 0)
            }
            return byLatency
        case .cost:
            return targets.enumerated().sorted { left, right in
                switch (cost(of: left.element, estimate), cost(of: right.element, estimate)) {
                case (nil, nil): return left.offset < right.offset
                case (nil, _): return false
                case (_, nil): return true
                case let (l?, r?): return l == r ? left.offset < right.offset : l < r
                }
            }.map(\.element)
        }
    }

    /// What one request at `target` is estimated to cost in USD: tokens for text, one image, or one
    /// second of video (media routes compare per unit); `nil` without a price.
    func cost(of target: RouteTarget, _ estimate: TokenEstimate) -> Double? {
        if target.model.hasPrefix("image/") { return prices.price(for: target.model)?.perImage }
        if target.model.hasPrefix("video/") { return prices.price(for: target.model)?.perSecond }
        return prices.estimatedCost(of: target.model, inputTokens: estimate.input, outputTokens: estimate.output)
    }
}
