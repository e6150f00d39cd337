import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOPosix
import PrismShared

/// `POST /v1/images/generations`: the OpenAI images endpoint over the same image providers and jobs,
/// answering `{created, data: [{url} | {b64_json}]}`.
struct ImagesController: Sendable {
    let registry: MediaRegistry
    let runner: JobRunner
    let links: MediaLinks
    let meters: JobMeters
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/images/generations", use: generate)
    }

    @Sendable func generate(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(limit: maxBodyBytes)
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw GatewayError.missingField("model", hint: "name an image model such as image/doubao (see GET /v1/models).")
        }
        guard let prompt = body["prompt"]?.stringValue, !prompt.isEmpty else {
            throw GatewayError.missingField("prompt", hint: "describe the image to make.")
        }
        let name = model.hasPrefix("image/") ? String(model.dropFirst(6)) : model
        try await context.admit("image/\(name)", body: body.objectValue ?? JSONObject())
        context.decision?.serving(provider: MediaFamily.image.provider(of: name), model: MediaRegistry.upstreamModel(name))
        let provider = try registry.imageProvider(name, principal: context.principal)
        var flagText = prompt
        if let size = body["size"]?.stringValue, size != "auto" { flagText += " --size \(size)" }
        let format = body["response_format"]?.stringValue ?? "url"
        guard format == "url" || format == "b64_json" else {
            throw GatewayError.invalidRequest("response_format is \(format); use url or b64_json.", code: "invalid_value", param: "response_format")
        }
        if let count = body["n"], count.intValue != 1 {
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
                provider, request: MediaRequest(model: MediaRegistry.upstreamModel(name), prompt: parsed.prompt, flags: flags), principal: context.principal.id,
                model: "image/\(name)", secrets: context.principal.ownKeys, created: created)
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
