/// What the dispatcher is to try for one request: the targets in order, and the route they came from
/// (`nil` for a direct `provider/model` request, which has exactly one target).
struct DispatchPlan: Sendable {
    /// One text target: a provider and the model name it is sent.
    struct Target: Sendable, Equatable {
        let provider: String
        let model: String
        /// The full model name, as the route lists it (the key of its statistics).
        let name: String

        init(provider: String, model: String, name: String? = nil) {
            self.provider = provider
            self.model = model
            self.name = name ?? "\(provider)/\(model)"
        }
    }

    let route: RouteDefinition?
    let targets: [Target]

    static func direct(provider: String, model: String) -> DispatchPlan {
        DispatchPlan(route: nil, targets: [Target(provider: provider, model: model)])
    }
}
