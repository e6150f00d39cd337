/// How a route orders its targets (SPEC §12).
enum RouteStrategy: String, Sendable, CaseIterable {
    case fallback
    case roundRobin = "round-robin"
    case weighted
    case latency
    case cost
}

/// One target of a route: a full model name (`groq/llama-3.3-70b-versatile`, `image/doubao`).
struct RouteTarget: Sendable, Hashable {
    let model: String
    let weight: Int

    init(model: String, weight: Int = 1) {
        self.model = model
        self.weight = weight
    }
}

/// A model name that stands for several targets, from the configuration file's `routes:`.
struct RouteDefinition: Sendable, Equatable {
    let name: String
    let strategy: RouteStrategy
    let targets: [RouteTarget]

    /// The media family of the route's targets, or `nil` for a text route (validation keeps a route to one).
    var mediaFamily: MediaFamily? {
        guard let first = targets.first?.model else { return nil }
        if first.hasPrefix("image/") { return .image }
        if first.hasPrefix("video/") { return .video }
        return nil
    }
}
