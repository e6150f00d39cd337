/// Checks the configuration file's `routes:` (SPEC §12) and collects one sentence per problem, so a user
/// fixes them all in one go rather than one per start.
struct RouteValidator {
    let providers: Set<String>
    private(set) var problems: [String] = []

    init(providers: Set<String>) {
        self.providers = providers
    }

    mutating func routes(_ raw: Any?) -> [RouteDefinition] {
        guard let raw else { return [] }
        guard let entries = raw as? [String: Any] else {
            problems.append("routes must map route names to their settings, as in fast: { strategy: fallback, targets: [groq/llama-3.3-70b-versatile] }.")
            return []
        }
        let names = Set(entries.keys)
        var routes: [RouteDefinition] = []
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            if let route = route(name, value, routeNames: names) { routes.append(route) }
        }
        return routes
    }

    private mutating func route(_ name: String, _ value: Any, routeNames: Set<String>) -> RouteDefinition? {
        var fine = true
        if let reason = shadowing(name) {
            problems.append("The route \(name) \(reason): rename it.")
            fine = false
        }
        guard let settings = value as? [String: Any] else {
            problems.append("The route \(name) must be a mapping with targets: (and optionally strategy:).")
            return nil
        }
        for key in settings.keys.sorted() where key != "strategy" && key != "targets" {
            problems.append("The route \(name) has the unknown setting \(key): a route has strategy and targets.")
            fine = false
        }
        var strategy = RouteStrategy.fallback
        if let raw = settings["strategy"] {
            if let text = raw as? String, let known = RouteStrategy(rawValue: text) {
                strategy = known
            } else {
                problems.append("The route \(name) has the strategy \(raw), which is not one Prism knows: use \(RouteStrategy.allCases.map(\.rawValue).joined(separator: ", ")).")
                fine = false
            }
        }
        guard let list = settings["targets"] as? [Any], !list.isEmpty else {
            problems.append("The route \(name) has no targets: list at least one model, such as groq/llama-3.3-70b-versatile.")
            return nil
        }
        var targets: [RouteTarget] = []
        for entry in list {
            guard let target = target(entry, route: name, routeNames: routeNames) else {
                fine = false
                continue
            }
            targets.append(target)
        }
        let families = Set(targets.map { $0.model.hasPrefix("image/") ? "image" : $0.model.hasPrefix("video/") ? "video" : "text" })
        if families.count > 1 {
            problems.append("The route \(name) mixes \(families.sorted().joined(separator: " and ")) targets: a route's targets must all be text, all image/ or all video/ models.")
            fine = false
        }
        if Set(targets.map(\.model)).count != targets.count {
            problems.append("The route \(name) lists a target twice: list each model once (use weight to favour one).")
            fine = false
        }
        return fine ? RouteDefinition(name: name, strategy: strategy, targets: targets) : nil
    }

    private mutating func target(_ entry: Any, route: String, routeNames: Set<String>) -> RouteTarget? {
        let model: String
        var weight = 1
        if let text = entry as? String {
            model = text
        } else if let mapping = entry as? [String: Any], let text = mapping["model"] as? String {
            model = text
            for key in mapping.keys.sorted() where key != "model" && key != "weight" {
                problems.append("The target \(text) of route \(route) has the unknown setting \(key): a target has model and weight.")
                return nil
            }
            if let raw = mapping["weight"] {
                guard let number = raw as? Int, number > 0 else {
                    problems.append("The target \(text) of route \(route) has the weight \(raw): use a whole number of at least 1.")
                    return nil
                }
                weight = number
            }
        } else {
            problems.append("A target of route \(route) is neither a model name nor { model: ..., weight: ... }: write it as groq/llama-3.3-70b-versatile.")
            return nil
        }
        let bare = model.hasPrefix("route/") ? String(model.dropFirst(6)) : model
        if routeNames.contains(bare) {
            problems.append("The route \(route) has the target \(model), which is a route: a route's targets must be models, so routes cannot loop.")
            return nil
        }
        for family in ["image/", "video/"] where model.hasPrefix(family) {
            guard model.count > family.count else {
                problems.append("The target \(model) of route \(route) names no model after \(family): write it as \(family)doubao or similar.")
                return nil
            }
            return RouteTarget(model: model, weight: weight)
        }
        guard let slash = model.firstIndex(of: "/"), providers.contains(model[..<slash].lowercased()), model.index(after: slash) != model.endIndex else {
            problems.append("The target \(model) of route \(route) does not start with a known provider or family: write it as <provider>/<model> (providers: \(providers.sorted().joined(separator: ", "))), image/<model> or video/<model>.")
            return nil
        }
        return RouteTarget(model: model, weight: weight)
    }

    /// Why `name` cannot be a route (SPEC §12: it would shadow a reserved name), or `nil`.
    private func shadowing(_ name: String) -> String? {
        let lowered = name.lowercased()
        if name.isEmpty { return "has an empty name" }
        if name.utf8.count > 100 || !name.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return "has a name that is not up to 100 letters, digits and punctuation without spaces, so clients could not send it"
        }
        if lowered == "admin/magic" || lowered == "admin" || lowered.hasPrefix("admin/") { return "shadows admin/magic" }
        if lowered == "image" || lowered.hasPrefix("image/") { return "shadows the image/ models" }
        if lowered == "video" || lowered.hasPrefix("video/") { return "shadows the video/ models" }
        if lowered == "route" || lowered.hasPrefix("route/") { return "starts with route/, which clients add themselves" }
        let prefix = lowered.split(separator: "/", maxSplits: 1).first.map(String.init) ?? lowered
        if providers.contains(prefix) { return "shadows the provider \(prefix)" }
        return nil
    }
}
