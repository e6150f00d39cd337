import Foundation
import Hummingbird
import PrismShared

/// `GET /v1/models` (and `POST`, for clients that use it): `admin/magic` for the admin, the media models of
/// every provider with a key, then every loaded text provider's upstream list, prefixed with its name.
struct ModelsController: Sendable {
    let catalog: ModelCatalog
    let media: MediaRegistry
    /// The configuration file's routes, listed under their own names (SPEC §12).
    var routes: [String] = []

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/models", use: list)
        router.post("/v1/models", use: list)
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let created = JSONValue(Int(Date().timeIntervalSince1970))
        var data: [JSONValue] = []
        if context.principal.isAdmin {
            data.append(["id": "admin/magic", "object": "model", "created": created, "owned_by": "prism"])
        }
        for route in routes {
            data.append(["id": .string(route), "object": "model", "created": created, "owned_by": "route"])
        }
        for id in media.listedModels(principal: context.principal) {
            data.append(["id": .string(id), "object": "model", "created": created, "owned_by": "prism"])
        }
        for (provider, ids) in await catalog.models(for: context.principal) {
            for id in ids {
                data.append(["id": .string(id), "object": "model", "created": created, "owned_by": .string(provider)])
            }
        }
        // A managed key sees only the models it may use (SPEC §13).
        if context.principal.access != nil { data.removeAll { !context.principal.mayUse($0["id"]?.stringValue ?? "") } }
        let body: JSONValue = ["object": "list", "data": .array(data)]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body.byteBuffer()))
    }
}
