import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import PrismShared
import Storage

/// OpenAI's Videos API (SPEC §15) over Prism's `video/` models and jobs, so `client.videos.create_and_poll`
/// works: `POST /v1/videos` (JSON or multipart: `model`, `prompt`, `seconds`, `size`, `input_reference`),
/// `GET /v1/videos`, `GET /v1/videos/{id}`, `GET /v1/videos/{id}/content` (ranges) and `DELETE /v1/videos/{id}`.
struct VideosController: Sendable {
    /// Video ids are job ids.
    let jobs: any JobStore
    /// Starts jobs as a chat would.
    let mediaChat: MediaChatHandler
    /// `MAX_BODY_BYTES`, for JSON and forms alike.
    let maxBodyBytes: Int

    /// Where finished videos are.
    var media: MediaLibrary { mediaChat.runner.media }

    /// Registers `/v1/videos` and its sub-routes.
    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/videos", use: create)
        router.get("/v1/videos", use: list)
        router.get("/v1/videos/{id}", use: retrieve)
        router.get("/v1/videos/{id}/content", use: content)
        router.delete("/v1/videos/{id}", use: delete)
    }

    /// `POST /v1/videos`: OpenAI's fields as prompt flags; answers the video object at once.
    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        var fields: [String: String] = [:]
        var images: [String] = []
        if MultipartForm.isForm(request) {
            let form = try MultipartForm(body: body, contentType: request.headers[.contentType])
            for name in ["model", "prompt", "seconds", "size"] { fields[name] = form.text(name) }
            for file in form.files("input_reference") { images.append(try Uploads.dataURI(file.bytes, field: "input_reference")) }
        } else {
            guard let json = try? JSONValue.parse(body.readableBytesView), let object = json.objectValue else {
                throw GatewayError.invalidRequest("The body must be a JSON object or multipart/form-data.", code: "invalid_json")
            }
            for (key, value) in object.members {
                fields[key] = value.stringValue ?? value.intValue.map(String.init)
            }
        }
        guard let model = fields["model"], model.hasPrefix("video/"), model.count > 6 else {
            throw GatewayError.invalidRequest("model must name a video model such as video/doubao-seedance (see GET /v1/models).", code: "invalid_value", param: "model")
        }
        guard let prompt = fields["prompt"], !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw GatewayError.missingField("prompt", hint: "describe the video to make.")
        }
        let text = prompt + (try VideoObject.flags(seconds: fields["seconds"], size: fields["size"]))
        let name = String(model.dropFirst(6))
        // The budget's estimate reads the seconds asked for.
        var estimated = JSONObject()
        if let seconds = fields["seconds"].flatMap(Int.init) { estimated["seconds"] = JSONValue(seconds) }
        try await context.admit(model, body: estimated)
        context.decision?.serving(provider: MediaFamily.video.provider(of: name), model: MediaRegistry.upstreamModel(name))
        let parts: [JSONValue] = [["type": "text", "text": .string(text)]] + images.map { ["type": "image_url", "image_url": ["url": .string($0)]] }
        var annotations = JSONObject()
        if let size = fields["size"] { annotations["video_size"] = .string(size) }
        let started = try await mediaChat.start(
            messages: [["role": "user", "content": .array(parts)]], family: .video, model: name, displayModel: model, principal: context.principal,
            decision: context.decision, annotations: annotations, attach: false)
        guard case .job(let job, _, _, _, _, _) = started else {
            throw GatewayError.invalidRequest("A video needs a prompt; /help is answered in chat only.", code: "invalid_value", param: "prompt")
        }
        return JSONResponse.make(VideoObject.json(job))
    }

    /// The video; `openai-poll-after-ms` tells the SDK's `poll` how long to wait before asking again.
    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var response = JSONResponse.make(VideoObject.json(try await video(context)))
        response.headers[HTTPField.Name("openai-poll-after-ms")!] = "500"
        return response
    }

    /// `GET /v1/videos`: the caller's videos, newest first.
    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let page = try await jobs.list(owner: context.principal.ownerFilter, limit: query.limit, after: query.after)
        // Jobs of every family share one list; this one shows the videos of each page.
        return JSONResponse.list(page.items.filter { $0.model.hasPrefix("video/") }.map(VideoObject.json), hasMore: page.hasMore)
    }

    /// `GET /v1/videos/{id}/content`: the mp4, ranges included, once the job succeeded.
    @Sendable func content(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await video(context)
        guard job.status == .succeeded, let id = job.mediaIDs.first, let record = try await media.record(id: id, owner: nil) else {
            throw GatewayError.notFound("The video \(job.id) has no content: it is \(VideoObject.json(job)["status"]?.stringValue ?? "gone").", code: "video_not_ready")
        }
        return try await MediaController.serve(record, from: media, request: request)
    }

    /// Deletes the video's file (a job's record stays, as every job's does) and answers OpenAI's deleted object.
    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await video(context)
        if !job.status.isFinished { _ = try await mediaChat.runner.cancel(id: job.id, owner: context.principal.ownerFilter) }
        for id in job.mediaIDs { _ = try await media.delete(id: id, owner: nil) }
        return JSONResponse.make(["id": .string(job.id), "object": "video.deleted", "deleted": true])
    }

    private func video(_ context: GatewayRequestContext) async throws -> JobRecord {
        let id = try pathID(context)
        guard let job = try await jobs.job(id: id, owner: context.principal.ownerFilter), job.model.hasPrefix("video/") else {
            throw GatewayError.notFound("There is no video \(id): it never existed or belongs to another key.", code: "video_not_found")
        }
        return job
    }
}
