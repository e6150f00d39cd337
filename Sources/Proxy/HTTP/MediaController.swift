import Hummingbird
import Media
import NIOCore
import PrismShared

/// Serving, listing and deleting stored media (SPEC §5). A file is served to its owner's key, the admin,
/// or anybody holding a signed link; another principal's key without a signature gets 404.
struct MediaController: Sendable {
    let store: MediaLibrary
    let links: MediaLinks
    let authenticator: Authenticator
    /// `MEDIA_REDIRECT=presigned`: answer with a redirect to the bucket, valid this many seconds.
    var redirectSeconds: Int?

    /// `GET /v1/media/{id}.{ext}`: authenticates itself, since a signed link needs no key.
    func addFileRoute(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/media/{file}", use: file)
    }

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/media", use: list)
        router.delete("/v1/media/{file}", use: delete)
    }

    static func notFound(_ id: String) -> GatewayError {
        .notFound("There is no media \(id): it was deleted, or belongs to another key.", code: "media_not_found")
    }

    /// `media_….png` → `media_…`, refusing odd characters.
    private static func id(_ context: GatewayRequestContext) throws -> (id: String, ext: String?) {
        let file = try context.parameters.require("file")
        let parts = file.split(separator: ".", maxSplits: 1)
        let id = parts.first.map(String.init) ?? ""
        guard Identifier.isWellFormed(id) else {
            throw GatewayError.invalidRequest("\(file.prefix(80)) is not a media file name such as media_….png.", code: "invalid_id")
        }
        return (id, parts.count > 1 ? String(parts[1]) : nil)
    }

    @Sendable func file(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (id, ext) = try Self.id(context)
        let owner: String?
        if let signature = request.uri.queryParameters.get("sig") {
            let expires = request.uri.queryParameters.get("exp").flatMap { Int($0) }
            guard links.signer.verify(id: id, signature: signature, expires: expires) else {
                throw GatewayError.unauthorized("This media link's signature is not valid or has expired: ask for the link again.")
            }
            owner = nil
        } else {
            let principal = try await authenticator.principal(for: request.headers)
            owner = principal.isAdmin ? nil : principal.id
        }
        guard let record = try await store.record(id: id, owner: owner), ext == nil || ext == record.fileExtension else { throw Self.notFound(id) }
        if let redirectSeconds, let url = store.blobs.presignedURL(record.blobKey, seconds: redirectSeconds) {
            return Response(status: .found, headers: [.location: url, .cacheControl: "private, no-store"])
        }
        return try await Self.serve(record, from: store, request: request)
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let kind = ListQuery.filter(request, "kind")
        if let kind, kind != "image", kind != "video" {
            throw GatewayError.invalidRequest("kind is \(kind); use image or video.", code: "invalid_kind", param: "kind")
        }
        let page = try await store.list(owner: context.principal.ownerFilter, limit: query.limit, after: query.after, kind: kind)
        let data: [JSONValue] = page.items.map { record in
            [
                "id": .string(record.id), "object": "media", "kind": .string(record.kind), "mime_type": .string(record.mimeType),
                "bytes": JSONValue(record.bytes), "width": record.width.map(JSONValue.init) ?? .null, "height": record.height.map(JSONValue.init) ?? .null,
                "duration": record.duration.map { .number($0) } ?? .null, "prompt": .string(record.prompt), "model": .string(record.model),
                "job_id": JSONValue(record.jobID), "url": .string(links.url(for: record)), "created_at": JSONValue(record.createdAt),
            ]
        }
        return JSONResponse.list(data, hasMore: page.hasMore)
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (id, _) = try Self.id(context)
        guard try await store.delete(id: id, owner: context.principal.ownerFilter) else { throw Self.notFound(id) }
        return JSONResponse.make(["id": .string(id), "object": "media", "deleted": true])
    }
}
