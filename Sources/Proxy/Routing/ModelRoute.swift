/// Where a `model` string goes (SPEC §3), decided once per request. First match wins.
enum ModelRoute: Sendable, Equatable {
    case admin
    case image(String)
    case video(String)
    /// A text provider and the model name it is sent.
    case text(provider: String, model: String)
    /// A route of the configuration file, by its name without `route/` (SPEC §12).
    case route(String)

    static func resolve(_ model: String, providers: Set<String>, defaultProvider: String, routes: Set<String> = []) -> ModelRoute {
        if model == "admin/magic" { return .admin }
        if model.hasPrefix("image/") { return .image(String(model.dropFirst(6))) }
        if model.hasPrefix("video/") { return .video(String(model.dropFirst(6))) }
        if !routes.isEmpty {
            let name = model.hasPrefix("route/") ? String(model.dropFirst(6)) : model
            if routes.contains(name) { return .route(name) }
        }
        if let slash = model.firstIndex(of: "/") {
            let prefix = model[..<slash].lowercased()
            let rest = model[model.index(after: slash)...]
            if providers.contains(prefix), !rest.isEmpty { return .text(provider: prefix, model: String(rest)) }
        }
        return .text(provider: defaultProvider, model: model)
    }
}

/// The two media families of SPEC §5.
enum MediaFamily: String, Sendable {
    case image, video

    /// The upstream a media model name stands for, as `x-prism-provider` names it and as its circuit
    /// breaker is keyed: `image/doubao` for `doubao` and `doubao-seedream-4-0`, `image/fal` for `fal/…`.
    func provider(of name: String) -> String {
        let head = name.split(whereSeparator: { $0 == "/" || $0 == "-" }).first.map(String.init) ?? name
        return "\(rawValue)/\(head.lowercased())"
    }
}

extension ModelRoute {
    /// The media family and model name, for `image/…` and `video/…`.
    var media: (family: MediaFamily, name: String)? {
        switch self {
        case .image(let name): return (.image, name)
        case .video(let name): return (.video, name)
        default: return nil
        }
    }
}
