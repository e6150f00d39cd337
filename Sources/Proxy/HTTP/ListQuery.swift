import Hummingbird
import PrismShared

/// The paging parameters of a list endpoint, validated: `limit` 1–100, `after` a well-formed id,
/// `order` asc or desc.
struct ListQuery: Sendable {
    let limit: Int
    let after: String?
    let ascending: Bool

    init(_ request: Request, defaultAscending: Bool = false) throws(GatewayError) {
        let query = request.uri.queryParameters
        if let raw = query["limit"] {
            guard let limit = Int(String(raw)), (1...100).contains(limit) else {
                throw .invalidRequest("limit is \(raw); use a whole number from 1 to 100.", code: "invalid_limit", param: "limit")
            }
            self.limit = limit
        } else {
            limit = 20
        }
        if let raw = query["after"].map(String.init), !raw.isEmpty {
            guard Identifier.isWellFormed(raw) else {
                throw .invalidRequest("after is not an id; use the last_id of the previous page.", code: "invalid_cursor", param: "after")
            }
            after = raw
        } else {
            after = nil
        }
        switch query["order"].map(String.init) {
        case nil: ascending = defaultAscending
        case "asc": ascending = true
        case "desc": ascending = false
        case let other?: throw .invalidRequest("order is \(other); use asc or desc.", code: "invalid_order", param: "order")
        }
    }

    /// An optional filter parameter, `nil` when absent or empty.
    static func filter(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The id in a route's path, refused with a 400 when it has characters no id has.
func pathID(_ context: GatewayRequestContext, _ name: String = "id") throws -> String {
    let id = try context.parameters.require(name)
    guard Identifier.isWellFormed(id) else {
        throw GatewayError.invalidRequest("\(id.prefix(80)) is not an id: ids are letters, digits, _ and -.", code: "invalid_id", param: name)
    }
    return id
}
