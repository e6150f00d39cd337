import Foundation
import Hummingbird
import Media
import NIOCore
import PrismShared
import Storage

/// Uploads (SPEC §15): `POST /v1/files` (multipart `file` and `purpose` `vision` or `user_data`) → OpenAI's
/// file object (`file-…`); list, retrieve, content and delete. Files are media rows of their principal (the
/// file id is the media id under another prefix), at most `MAX_UPLOAD_BYTES`, typed by their magic bytes; an
/// image file id is an input wherever an image URL is.
struct FilesController: Sendable {
    /// Uploads are media rows and blobs.
    let media: MediaLibrary
    /// `MAX_UPLOAD_BYTES`.
    let maxUploadBytes: Int

    /// The purposes an upload may have.
    static let purposes = ["vision", "user_data"]

    /// Registers `/v1/files` and its sub-routes.
    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/files", use: create)
        router.get("/v1/files", use: list)
        router.get("/v1/files/{id}", use: retrieve)
        router.get("/v1/files/{id}/content", use: content)
        router.delete("/v1/files/{id}", use: delete)
    }

    /// `POST /v1/files`: checks the form, the size and the bytes, then keeps the file.
    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        guard MultipartForm.isForm(request) else {
            throw GatewayError.invalidRequest("Upload a file as multipart/form-data with the fields file and purpose.", code: "invalid_multipart", param: "file")
        }
        // A little room for the form's own bytes; the file itself is checked against the limit below.
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxUploadBytes + 64 * 1024)
        } catch {
            throw Self.tooLarge(maxUploadBytes)
        }
        let form = try MultipartForm(body: body, contentType: request.headers[.contentType])
        guard let file = form.files("file").first else { throw GatewayError.missingField("file", hint: "attach the file to upload as the part named file.") }
        guard let purpose = form.text("purpose"), Self.purposes.contains(purpose) else {
            throw GatewayError.invalidRequest("purpose must be vision or user_data.", code: "invalid_value", param: "purpose")
        }
        guard file.body.readableBytes <= maxUploadBytes else { throw Self.tooLarge(maxUploadBytes) }
        let bytes = file.bytes
        guard let type = Uploads.mimeType(of: bytes) else {
            throw GatewayError.invalidRequest(
                "file is not a PNG, JPEG, WebP or GIF image nor an MP4 or WebM video by its bytes.", code: "invalid_file", param: "file")
        }
        let name = String((file.filename ?? "upload").prefix(200))
        let record = try await media.save(bytes, as: NewMedia(
            kind: type.hasPrefix("image/") ? "image" : "video", mimeType: type, principal: context.principal.id, jobID: nil, prompt: name,
            model: "upload/\(purpose)"))
        return JSONResponse.make(Self.json(record))
    }

    /// `GET /v1/files`: the caller's uploads, newest first.
    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let cursor = query.after.flatMap(Uploads.mediaID(ofFile:))
        let page = try await media.list(owner: context.principal.ownerFilter, limit: query.limit, after: cursor, kind: nil)
        // Media and uploads share the store; this list shows the uploads of each page.
        return JSONResponse.list(page.items.filter { $0.model.hasPrefix("upload/") }.map(Self.json), hasMore: page.hasMore)
    }

    /// `GET /v1/files/{id}`.
    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        JSONResponse.make(Self.json(try await upload(context)))
    }

    /// `GET /v1/files/{id}/content`, ranges included.
    @Sendable func content(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await MediaController.serve(try await upload(context), from: media, request: request)
    }

    /// `DELETE /v1/files/{id}`.
    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let record = try await upload(context)
        _ = try await media.delete(id: record.id, owner: context.principal.ownerFilter)
        return JSONResponse.make(["id": .string(Uploads.fileID(ofMedia: record.id)), "object": "file", "deleted": true])
    }

    private func upload(_ context: GatewayRequestContext) async throws -> MediaRecord {
        let id = try pathID(context)
        guard let mediaID = Uploads.mediaID(ofFile: id), let record = try await media.record(id: mediaID, owner: context.principal.ownerFilter),
              record.model.hasPrefix("upload/")
        else { throw GatewayError.notFound("There is no file \(id): it was deleted, never uploaded, or belongs to another key.", code: "file_not_found") }
        return record
    }

    /// OpenAI's file object.
    static func json(_ record: MediaRecord) -> JSONValue {
        [
            "id": .string(Uploads.fileID(ofMedia: record.id)), "object": "file", "bytes": JSONValue(record.bytes), "created_at": JSONValue(record.createdAt),
            "filename": .string(record.prompt), "purpose": .string(String(record.model.dropFirst("upload/".count))), "status": "processed",
            "expires_at": .null, "status_details": .null,
        ]
    }

    private static func tooLarge(_ limit: Int) -> GatewayError {
        GatewayError(status: 413, code: "request_too_large", message: "The file is larger than \(limit) bytes (MAX_UPLOAD_BYTES); upload a smaller one.", param: "file")
    }
}
