import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOPosix
import PrismShared

/// `POST /v1/images/generations` and `POST /v1/images/edits` (multipart, SPEC §15): the OpenAI images endpoints
/// over the same image providers and jobs, answering `{created, data: [{url} | {b64_json}]}`.
struct ImagesController: Sendable {
    let registry: MediaRegistry
    let runner: JobRunner
    let links: MediaLinks
    let meters: JobMeters
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/images/generations", use: generate)
        router.post("/v1/images/edits", use: edit)
    }

    /// The fields both endpoints take.
    struct Fields: Sendable {
        var model: String?
        var prompt: String?
        var size: String?
        var format: String?
        var count: JSONValue?
        /// The request's `metadata` (JSON requests only): its `tags` go to the ledger row.
        var metadata: JSONValue?
    }

    @Sendable func generate(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(limit: maxBodyBytes)
        let fields = Fields(
            model: body["model"]?.stringValue, prompt: body["prompt"]?.stringValue, size: body["size"]?.stringValue,
            format: body["response_format"]?.stringValue, count: body["n"], metadata: body["metadata"])
        return try await produce(fields, images: [], context: context)
    }

    /// `image` or `image[]` (one or more files), `prompt`, `model`, `n`, `size`, `response_format`; `mask` is
    /// accepted and not used (the providers edit by prompt).
    @Sendable func edit(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        guard MultipartForm.isForm(request) else {
            throw GatewayError.invalidRequest("Send the image to edit as multipart/form-data (fields image, prompt, model).", code: "invalid_multipart", param: "image")
        }
        let form = try MultipartForm(body: try await request.collectBody(upTo: maxBodyBytes), contentType: request.headers[.contentType])
        let files = form.files("image", "image[]")
        guard !files.isEmpty else { throw GatewayError.missingField("image", hint: "attach the image to edit as the part named image.") }
        let images = try files.map { file throws(GatewayError) in try Uploads.dataURI(file.bytes, field: "image") }
        let fields = Fields(
            model: form.text("model"), prompt: form.text("prompt"), size: form.text("size"), format: form.text("response_format"),
            count: form.text("n").map { Int($0).map(JSONValue.init) ?? .string($0) })
        return try await produce(fields, images: images, context: context)
    }

    private func produce(_ fields: Fields, images: [String], context: GatewayRequestContext) async throws -> Response {
        guard let model = fields.model, !model.isEmpty else {
            throw GatewayError.missingField("model", hint: "name an image model such as image/doubao (see GET /v1/models).")
        }
        guard let prompt = fields.prompt, !prompt.isEmpty else {
            throw GatewayError.missingField("prompt", hint: "describe the image to make.")
        }
        let name = model.hasPrefix("image/") ? String(model.dropFirst(6)) : model
        // What admission reads: the tags, and `n` for the budget's estimate.
        var admitted = JSONObject()
        admitted["n"] = fields.count
        admitted["metadata"] = fields.metadata
        try await context.admit("image/\(name)", body: admitted)
        context.decision?.serving(provider: MediaFamily.image.provider(of: name), model: MediaRegistry.upstreamModel(name))
        let provider = try registry.imageProvider(name, principal: context.principal)
        if !images.isEmpty, !provider.acceptsInputImages {
            throw GatewayError.invalidRequest("\(model) makes images from text only and cannot edit one; pick a model that takes an input image.",
                                              code: "invalid_value", param: "model")
        }
        var flagText = prompt
        if let size = fields.size, size != "auto" { flagText += " --size \(size)" }
        let format = fields.format ?? "url"
        guard format == "url" || format == "b64_json" else {
            throw GatewayError.invalidRequest("response_format is \(format); use url or b64_json.", code: "invalid_value", param: "response_format")
        }
        if let count = fields.count, count.intValue != 1 {
            throw GatewayError.invalidRequest("n must be 1 for \(model): send one request per image.", code: "invalid_value", param: "n")
        }
        let parsed = PromptFlags.parse(flagText)
        let flags: ValidatedFlags
        do {
            flags = try provider.flags.validate(parsed)
        } catch {
            throw GatewayError.invalidRequest(error.message, code: "invalid_flag", param: error.flag)
        }
        let (job, updates) = try await meters.start(for: context.principal, record: context.decision, model: "image/\(name)") { created in
            try await runner.start(
                provider, request: MediaRequest(model: MediaRegistry.upstreamModel(name), prompt: parsed.prompt, flags: flags, inputImages: images),
                principal: context.principal.id, model: "image/\(name)", secrets: context.principal.ownKeys, created: created)
        }
        for await update in updates {
            guard case .finished(let finished, let media) = update else { continue }
            guard finished.status == .succeeded else { throw MediaChatHandler.failure(finished) }
            var data: [JSONValue] = []
            for record in media {
                if format == "b64_json" {
                    let bytes = try await runner.media.bytes(of: record) ?? []
                    data.append(["b64_json": .string(Data(bytes).base64EncodedString()), "revised_prompt": .string(parsed.prompt)])
                } else {
                    data.append(["url": .string(links.url(for: record)), "revised_prompt": .string(parsed.prompt)])
                }
            }
            var response = JSONResponse.make(["created": JSONValue(Int(Date().timeIntervalSince1970)), "data": .array(data)])
            response.headers[.prismJobID] = job.id
            await runner.delivered(job.id)
            return response
        }
        throw GatewayError.internal("The job \(job.id) ended without a result; see GET /v1/jobs/\(job.id).")
    }
}
