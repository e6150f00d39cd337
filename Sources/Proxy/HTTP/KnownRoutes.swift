import Hummingbird
import Synchronization

/// The routes the server registered, so that a request for a known path with another method is answered
/// `405` with `Allow` (SPEC §9) instead of `404`. Filled once after the routes are added; read by the
/// error middleware, which must be added before them.
final class KnownRoutes: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func record<Context>(_ router: Router<Context>) {
        let list = router.routes.map { (path: $0.path, method: $0.method) }
        routes.withLock { $0 = list }
    }

    /// The methods registered for `path`, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = routes.withLock { routes in
            routes.filter { route in Self.matches(route.path, segments) }.map(\.method.rawValue)
        }
        return Array(Set(matching)).sorted()
    }

    private static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        if route.components.last == .recursiveWildcard { return segments.count >= route.components.count - 1 }
        guard route.components.count == segments.count else { return false }
        return zip(route.components, segments).allSatisfy { element, segment in element ~= segment }
    }
}
