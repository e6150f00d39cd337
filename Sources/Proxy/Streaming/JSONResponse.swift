import Hummingbird
import PrismShared

/// A JSON answer.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: value.byteBuffer()))
    }

    /// `{object: "list", data, first_id, last_id, has_more}`.
    static func list(_ data: [JSONValue], hasMore: Bool, id: (JSONValue) -> JSONValue? = { $0["id"] }) -> Response {
        make([
            "object": "list", "data": .array(data), "first_id": data.first.flatMap(id) ?? .null,
            "last_id": data.last.flatMap(id) ?? .null, "has_more": .bool(hasMore),
        ])
    }
}
