import Testing
@testable import Proxy

@Suite("Route strategies order their targets")
struct RouteOrderingTests {
    static let providers: Set<String> = ["groq", "cerebras", "openrouter"]
    static let targets = [RouteTarget(model: "groq/a"), RouteTarget(model: "cerebras/b"), RouteTarget(model: "openrouter/c")]

    static func planner(
        _ strategy: RouteStrategy, targets: [RouteTarget] = targets, random: [Double] = [0.5], stats: RouteStats = RouteStats(),
        prices: [String: Price] = [:]
    ) -> (RoutePlanner, RouteDefinition) {
        let route = RouteDefinition(name: "fast", strategy: strategy, targets: targets)
        let planner = RoutePlanner(
            routes: [route], providers: providers, defaultProvider: "groq", breakers: CircuitBreakers(failureLimit: 5, openSeconds: 30), stats: stats,
            prices: PriceTable(checked: "test", entries: prices), random: .sequence(random))
        return (planner, route)
    }

    static func names(_ targets: [RouteTarget]) -> [String] { targets.map(\.model) }
    static let estimate = TokenEstimate(input: 1000, output: 500)

    @Test("fallback keeps the listed order")
    func fallback() {
        let (planner, route) = Self.planner(.fallback)
        for _ in 0..<3 { #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["groq/a", "cerebras/b", "openrouter/c"]) }
    }

    @Test("round-robin rotates the first target and keeps the rest in turn; a dry run does not move it")
    func roundRobin() {
        let (planner, route) = Self.planner(.roundRobin)
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate, advance: false)) == ["groq/a", "cerebras/b", "openrouter/c"])
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["groq/a", "cerebras/b", "openrouter/c"])
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["cerebras/b", "openrouter/c", "groq/a"])
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["openrouter/c", "groq/a", "cerebras/b"])
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["groq/a", "cerebras/b", "openrouter/c"])
    }

    @Test("weighted picks the first by weight, the rest follow in listed order", arguments: [
        (0.0, "groq/a"), (0.09, "groq/a"), (0.11, "cerebras/b"), (0.39, "cerebras/b"), (0.41, "openrouter/c"), (0.99, "openrouter/c"),
    ])
    func weighted(draw: Double, first: String) {
        let targets = [RouteTarget(model: "groq/a", weight: 1), RouteTarget(model: "cerebras/b", weight: 3), RouteTarget(model: "openrouter/c", weight: 6)]
        let (planner, route) = Self.planner(.weighted, targets: targets, random: [draw])
        let order = Self.names(planner.ordered(route, estimate: Self.estimate))
        #expect(order.first == first)
        #expect(order.dropFirst() == ["groq/a", "cerebras/b", "openrouter/c"].filter { $0 != first }[...])
    }

    @Test("latency tries targets without data first, then the fastest moving average")
    func latency() {
        let stats = RouteStats()
        stats.recordSuccess("groq/a", firstByte: .milliseconds(300))
        stats.recordSuccess("openrouter/c", firstByte: .milliseconds(100))
        let (planner, route) = Self.planner(.latency, random: [0.5], stats: stats)
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["cerebras/b", "openrouter/c", "groq/a"])
        // The average moves toward new samples: groq becomes the fastest once it answers quickly again and again.
        for _ in 0..<10 { stats.recordSuccess("groq/a", firstByte: .milliseconds(10)) }
        stats.recordSuccess("cerebras/b", firstByte: .milliseconds(500))
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["groq/a", "openrouter/c", "cerebras/b"])
    }

    @Test("latency explores a random target first on 5% of requests")
    func latencyExploration() {
        let stats = RouteStats()
        stats.recordSuccess("groq/a", firstByte: .milliseconds(10))
        stats.recordSuccess("cerebras/b", firstByte: .milliseconds(20))
        stats.recordSuccess("openrouter/c", firstByte: .milliseconds(30))
        // First draw below 0.05 explores; the second picks the target (0.9 of three is the third).
        let (planner, route) = Self.planner(.latency, random: [0.01, 0.9], stats: stats)
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["openrouter/c", "groq/a", "cerebras/b"])
        let (steady, steadyRoute) = Self.planner(.latency, random: [0.05], stats: stats)
        #expect(Self.names(steady.ordered(steadyRoute, estimate: Self.estimate)) == ["groq/a", "cerebras/b", "openrouter/c"])
    }

    @Test("cost orders by the price table for the estimated tokens; unpriced targets go last")
    func cost() {
        let prices = [
            "groq/a": Price(inputPerMTok: 1, outputPerMTok: 1),
            // Cheap input, dear output: dearer than groq for a short prompt with a long answer, cheaper for a long prompt.
            "cerebras/b": Price(inputPerMTok: 0.1, outputPerMTok: 5),
        ]
        let (planner, route) = Self.planner(.cost, prices: prices)
        #expect(Self.names(planner.ordered(route, estimate: Self.estimate)) == ["groq/a", "cerebras/b", "openrouter/c"])
        #expect(Self.names(planner.ordered(route, estimate: TokenEstimate(input: 100_000, output: 10))) == ["cerebras/b", "groq/a", "openrouter/c"])
        #expect(planner.cost(of: RouteTarget(model: "groq/a"), Self.estimate) == 0.0015)
    }
}
