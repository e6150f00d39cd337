import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import NIOPosix
import PrismShared
import Storage

/// Chat completions for `image/…` models: the last user message is the prompt, the job runs in the
/// background, progress streams as `reasoning_content`, and the answer links to Prism's own copy.
struct MediaChatHandler: Sendable {
    let registry: MediaRegistry
    let runner: JobRunner
    let links: MediaLinks
    let meters: JobMeters
    var rendering: MediaMarkdown { MediaMarkdown(links: links, videoMarkup: registry.videoMarkup) }

    /// A media prompt that was checked and, unless it asked for `/help`, started as a job.
    enum Start: Sendable {
        case help(String)
        /// `attached`: an identical earlier job whose result nobody received, picked up instead of a new one.
        case job(JobRecord, AsyncStream<JobRunner.Update>, MediaPrompt, asDataURI: Bool, typical: Double?, attached: Bool)
    }

    /// Checks the prompt of `messages` for `image/<name>` and starts its job. `earlierImage` (a Prism
    /// image of the conversation) is the input of an edit when the prompt brings none and no `--new`.
    /// `waiting` is a stored response the job completes when it ends; `beforeJob` runs once the request
    /// is known to be good, just before the job starts (to store that response as `in_progress`).
    /// `annotations` go into the job's row (the job API's `webhook_url` and `metadata`); `attach` lets an
    /// identical undelivered job be picked up instead of a new one (chat UIs' Stop then Regenerate).
    func start(
        messages: [JSONValue], family: MediaFamily = .image, model name: String, displayModel: String, principal: Principal, decision: DecisionRecord?,
        earlierImage: String? = nil, waiting responseID: String? = nil, annotations: JSONObject = JSONObject(), attach: Bool = true,
        beforeJob: @Sendable () async throws -> Void = {}
    ) async throws -> Start {
        let prompt = MediaPrompt(messages: messages)
        guard !prompt.isBackgroundTask else {
            runner.logger.info("Refused a chat UI's background task prompt (### Task:) for \(displayModel) from principal \(principal.id): no job started")
            throw GatewayError.invalidRequest(
                "\(displayModel) makes \(family.rawValue)s and does not answer background tasks: point your client's task model at a text model.",
                code: "not_a_media_prompt")
        }
        let provider = try registry.provider(family, name, principal: principal)
        if prompt.isHelp { return .help(provider.flags.helpText(example: provider.example)) }
        var flags: ValidatedFlags
        do {
            flags = try provider.flags.validate(prompt.flags)
        } catch {
            throw GatewayError.invalidRequest(error.message, code: "invalid_flag", param: error.flag)
        }
        guard !prompt.flags.prompt.isEmpty else {
            throw GatewayError.invalidRequest("The prompt is empty: describe the \(family.rawValue) to make (send /help for the flags).", code: "missing_field", param: "messages")
        }
        if prompt.repeatFrames { flags.booleans["repeat"] = true }
        var inputs = prompt.inputImages
        if inputs.isEmpty, flags.booleans["new"] != true, let earlierImage { inputs = [earlierImage] }
        if flags.booleans["new"] == true || !provider.acceptsInputImages { inputs = [] }
        let mediaRequest = MediaRequest(
            model: MediaRegistry.upstreamModel(name), prompt: prompt.flags.prompt, flags: flags,
            inputImages: try await resolve(inputs, fetchURLs: !provider.acceptsImageURLs, principal: principal))
        // An estimate is a nicety: without history (or a store that cannot say), the lines have none.
        let recent = (try? await runner.jobs.recentDurations(model: displayModel, limit: JobEstimate.lookBack)) ?? []
        let typical = JobEstimate.typical(for: mediaRequest, among: recent)
        let asDataURI = flags.strings["format"] == "b64_json"
        let fingerprint = mediaRequest.fingerprint(model: displayModel)
        if attach, flags.booleans["new"] != true, let earlier = try await runner.undeliveredJob(principal: principal.id, fingerprint: fingerprint) {
            try await beforeJob()
            return .job(earlier, runner.attach(earlier), prompt, asDataURI: asDataURI, typical: typical, attached: true)
        }
        try await beforeJob()
        let (job, updates) = try await meters.start(for: principal, record: decision, model: "\(family.rawValue)/\(name)") { created in
            try await runner.start(
                provider, request: mediaRequest, principal: principal.id, model: displayModel, responseID: responseID, secrets: principal.ownKeys,
                fingerprint: fingerprint, annotations: annotations, created: created)
        }
        return .job(job, updates, prompt, asDataURI: asDataURI, typical: typical, attached: false)
    }

    /// What following a job produces, in order: progress lines, moments to keep the connection alive,
    /// then the answer.
    enum Output: Sendable {
        case progress(String)
        case keepAlive
        case answer(String)
    }

    /// Follows a started job (SPEC §5): the first line at once, a line at every change and every 5 s when it
    /// says something new, a keep-alive every 15 s, the final line, then the answer; a failed job throws its
    /// SPEC §9 error after its final line. While it runs the job counts as followed; once the answer is out
    /// it counts as delivered, so an identical request makes a new one.
    func follow(_ start: Start, model: String, emit: (Output) async throws -> Void) async throws {
        guard case .job(let job, let updates, let prompt, let asDataURI, let typical, let attached) = start else {
            if case .help(let text) = start { try await emit(.answer(text)) }
            return
        }
        try await runner.followers.following(job.id) {
            enum Tick: Sendable { case update(JobRunner.Update), second }
            let (ticks, sink) = AsyncStream<Tick>.makeStream()
            let forward = Task {
                for await update in updates { sink.yield(.update(update)) }
                sink.finish()
            }
            let clock = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    sink.yield(.second)
                }
            }
            defer {
                forward.cancel()
                clock.cancel()
            }
            var lines = ProgressLines(typical: typical)
            try await emit(.progress((attached ? ProgressLine.pickingUp(job) : ProgressLine.submitted(to: model)) + "\n"))
            var current = job
            var seconds = 0
            for await tick in ticks {
                switch tick {
                case .second:
                    seconds += 1
                    if seconds % 15 == 0 { try await emit(.keepAlive) }
                    if seconds % 5 == 0, let line = lines.next(current) { try await emit(.progress(line + "\n")) }
                case .update(.changed(let job)):
                    current = job
                    if let line = lines.next(job) { try await emit(.progress(line + "\n")) }
                case .update(.finished(let job, let media)):
                    try await emit(.progress(lines.final(job) + "\n"))
                    guard job.status == .succeeded else { throw Self.failure(job) }
                    try await emit(.answer(try await markdown(media, prompt: prompt, asDataURI: asDataURI)))
                    await runner.delivered(job.id)
                    return
                }
            }
            throw GatewayError(
                status: 503, code: "store_unavailable", message: "Following the job \(job.id) stopped before it ended; see GET /v1/jobs/\(job.id) in a moment.")
        }
    }

    /// A job as chat chunks, for the surfaces that render through a builder (Responses, Anthropic);
    /// `keepAlive` is called when nothing else is said for a while.
    func chunks(of start: Start, model: String, emit: (ChatChunk) async throws -> Void, keepAlive: () async throws -> Void) async throws {
        try await follow(start, model: model) { output in
            switch output {
            case .progress(let line): try await emit(ChatChunk(reasoning: line))
            case .keepAlive: try await keepAlive()
            case .answer(let text): try await emit(ChatChunk(content: text, finishReason: "stop"))
            }
        }
    }

    /// Prism's own `/v1/media/…` links are read from the store and sent on as `data:` URIs: a provider
    /// cannot reach a private gateway. Such a link is a capability (SPEC §10): it must carry a valid
    /// signature or name the caller's own media, else it is `404 media_not_found`. A `data:` URI must hold
    /// a PNG, JPEG, WebP or GIF within `FETCH_MAX_BYTES`; other URLs must be http(s).
    private func resolve(_ images: [String], fetchURLs: Bool, principal: Principal) async throws -> [String] {
        var resolved: [String] = []
        for image in images {
            if image.hasPrefix("data:") {
                try Self.checkDataURI(image, limit: registry.maxInputBytes)
                resolved.append(image)
            } else if let mediaID = Uploads.mediaID(ofFile: image) {
                resolved.append(try await dataURI(of: MediaLinks.Reference(id: mediaID, isSigned: false), principal: principal))
            } else if !(image.hasPrefix("http://") || image.hasPrefix("https://")) {
                throw GatewayError.invalidRequest("An input image must be a data: URI or an http(s) URL.", code: "invalid_image")
            } else if let reference = links.reference(in: image) {
                resolved.append(try await dataURI(of: reference, principal: principal))
            } else {
                resolved.append(fetchURLs ? try await fetchAsDataURI(image) : image)
            }
        }
        return resolved
    }

    /// The bytes of a media file named by a link, when the link may be used by `principal`.
    private func dataURI(of reference: MediaLinks.Reference, principal: Principal) async throws -> String {
        let notFound = GatewayError.notFound(
            "There is no image \(reference.id) of yours: use a link Prism gave you (with its sig) or attach the image.",
            code: "media_not_found", param: "messages")
        guard let record = try await runner.media.record(id: reference.id, owner: reference.isSigned ? nil : principal.ownerFilter) else { throw notFound }
        guard let bytes = try await runner.media.bytes(of: record) else { throw notFound }
        return "data:\(record.mimeType);base64,\(Data(bytes).base64EncodedString())"
    }

    func complete(_ chat: ChatRequest, family: MediaFamily = .image, model name: String, request: Request, principal: Principal, decision: DecisionRecord?) async throws -> Response {
        let messages = chat.body["messages"]?.arrayValue ?? []
        let earlier = messages.last { $0["role"] == "assistant" }.flatMap { MediaPrompt.mediaLink(in: $0["content"]?.stringValue ?? "") }
        let started = try await start(messages: messages, family: family, model: name, displayModel: chat.model, principal: principal, decision: decision, earlierImage: earlier)
        return try await answer(chat, started: started, request: request)
    }

    /// The chat answer of a started job (or of `/help`): one completion, or a stream.
    func answer(_ chat: ChatRequest, started: Start, request: Request) async throws -> Response {
        let renderer = ToolChatRenderer(model: chat.model)
        guard case .job(let job, _, _, _, _, _) = started else {
            if case .help(let text) = started { return renderer.answer(text, stream: chat.stream) }
            throw GatewayError.internal("The media request could not be started.")
        }
        let jobHeader: HTTPFields = [.prismJobID: job.id]
        guard chat.stream else {
            var (content, finalLine) = ("", "")
            try await follow(started, model: chat.model) { output in
                switch output {
                case .progress(let line): finalLine = line
                case .answer(let text): content = text
                case .keepAlive: break
                }
            }
            var response = JSONResponse.make(completion(renderer, content: content, reasoning: finalLine.trimmingCharacters(in: .newlines)))
            response.headers.append(contentsOf: jobHeader)
            return response
        }
        return SSEResponse.make(request: request, extraHeaders: jobHeader) { writer in
            try await stream(started, renderer: renderer, to: &writer)
        }
    }

    /// The chat stream of a job: its progress as reasoning, `: keep-alive` comments, the answer and a stop
    /// chunk, or after a failure's last line an `error` event; then `[DONE]`.
    private func stream(_ start: Start, renderer: ToolChatRenderer, to writer: inout any ResponseBodyWriter) async throws {
        func send(_ delta: JSONValue, finish: String? = nil) async throws {
            var out = ByteBuffer()
            ServerSentEvent(data: renderer.chunk(delta, finish: finish).serialized()).write(to: &out)
            try await writer.write(out)
        }
        try await send(["role": "assistant", "content": ""])
        do {
            try await follow(start, model: renderer.model) { output in
                switch output {
                case .progress(let line): try await send(["reasoning_content": .string(line)])
                case .keepAlive: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .answer(let text):
                    try await send(["content": .string(text)])
                    try await send([:], finish: "stop")
                }
            }
        } catch let failure as GatewayError {
            var out = ByteBuffer()
            failure.writeFrame(to: &out)
            try await writer.write(out)
        }
        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
    }

    /// The answer's markdown: Prism's signed link to each file, or the file inline with `--format b64_json`.
    func markdown(_ media: [MediaRecord], prompt: MediaPrompt, asDataURI: Bool) async throws -> String {
        var inline: [String: String] = [:]
        for record in media where asDataURI {
            if let bytes = try await runner.media.bytes(of: record) {
                inline[record.id] = "data:\(record.mimeType);base64,\(Data(bytes).base64EncodedString())"
            }
        }
        return rendering.render(media, caption: prompt.shortPrompt) { inline[$0.id] }
    }

    /// A client's image URL fetched through the guarded fetcher, as a `data:` URI.
    private func fetchAsDataURI(_ url: String) async throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try await registry.fetcher.fetch(url).bytes
        } catch .refused(let reason) {
            throw GatewayError.invalidRequest("The input image URL is not allowed: \(reason). Attach the image instead.", code: "url_not_allowed")
        } catch .failed(let reason) {
            throw GatewayError.invalidRequest("The input image could not be used: \(reason).", code: "invalid_image")
        }
        guard let mime = ImageSniffer.mimeType(of: bytes), mime.hasPrefix("image/") else {
            throw GatewayError.invalidRequest("The input image at \(url.prefix(100)) is not a PNG, JPEG, WebP or GIF.", code: "invalid_image")
        }
        return "data:\(mime);base64,\(Data(bytes).base64EncodedString())"
    }

    static func checkDataURI(_ uri: String, limit: Int) throws(GatewayError) {
        guard let comma = uri.firstIndex(of: ","), uri[..<comma].hasSuffix(";base64") else {
            throw .invalidRequest("An input image's data: URI must be base64 (data:image/png;base64,…).", code: "invalid_image")
        }
        let encoded = uri[uri.index(after: comma)...]
        guard encoded.utf8.count / 4 * 3 <= limit else {
            throw .invalidRequest("An input image is larger than \(limit) bytes; send a smaller one (or raise FETCH_MAX_BYTES).", code: "invalid_image")
        }
        guard let data = Data(base64Encoded: String(encoded)), let mime = ImageSniffer.mimeType(of: Array(data.prefix(16))), mime.hasPrefix("image/") else {
            throw .invalidRequest("An input image is not a PNG, JPEG, WebP or GIF.", code: "invalid_image")
        }
    }

    /// A failed job's SPEC §9 error, with the sentence of its last progress line.
    static func failure(_ job: JobRecord) -> GatewayError {
        var error = job.errorCode == "job_timeout" ? GatewayError.timeout(ProgressLine.failure(job), code: "job_timeout")
            : GatewayError.upstream(ProgressLine.failure(job), code: "job_failed")
        error.jobID = job.id
        return error
    }

    private func completion(_ renderer: ToolChatRenderer, content: String, reasoning: String?) -> JSONValue {
        var message: JSONValue = ["role": "assistant", "content": .string(content)]
        if let reasoning { message["reasoning_content"] = .string(reasoning) }
        return [
            "id": .string(renderer.id), "object": "chat.completion", "created": JSONValue(renderer.created), "model": .string(renderer.model),
            "choices": [["index": 0, "message": message, "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0],
        ]
    }

}
