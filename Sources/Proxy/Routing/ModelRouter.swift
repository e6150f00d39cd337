/// Resolves model names against the configured providers (SPEC §3).
struct ModelRouter: Sendable {
    let providers: Set<String>
    let defaultProvider: String
    /// The configuration file's route names (SPEC §12).
    var routes: Set<String> = []

    func route(_ model: String) throws(GatewayError) -> ModelRoute {
        if let slash = model.firstIndex(of: "/"), model.index(after: slash) == model.endIndex {
            let prefix = model[..<slash].lowercased()
            if providers.contains(prefix) || prefix == "image" || prefix == "video" {
                throw .invalidField("model", "names \(prefix) but no model after the slash; send a full name from GET /v1/models")
            }
        }
        if model.hasPrefix("route/"), !routes.contains(String(model.dropFirst(6))) {
            let known = routes.isEmpty ? "none is configured (routes: in prism.yaml)" : "the routes are \(routes.sorted().joined(separator: ", "))"
            throw .notFound("There is no route \(model.dropFirst(6)): \(known).", code: "model_not_found", param: "model")
        }
        return ModelRoute.resolve(model, providers: providers, defaultProvider: defaultProvider, routes: routes)
    }

    /// The error for a model family this build does not serve yet.
    func unavailable(_ model: String) -> GatewayError {
        .notFound("The model \(model) is not available on this gateway yet: use a text model such as groq/llama-3.1-8b-instant (see GET /v1/models).", code: "model_not_found", param: "model")
    }
}
