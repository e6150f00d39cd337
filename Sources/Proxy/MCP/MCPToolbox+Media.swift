import Foundation
import Hummingbird
import MCP
import NIOCore
import PrismShared

/// `generate_image` and `generate_video`: the prompt and its arguments become a streamed chat completion for
/// the media model — the request a chat UI sends — so the job, its progress lines, delivery and errors are
/// exactly those of SPEC §5. The job's object (`GET /v1/jobs/<id>`) then gives the result's links.
extension MCPToolbox {
    enum MediaKind: String, Sendable {
        case image, video
    }

    /// The largest picture put into a result inline; a bigger one is given by its link only.
    static let maxInlineImageBytes = 16 << 20

    func generate(_ kind: MediaKind, _ arguments: MCPArguments, _ call: MCPCall, _ progress: MCPProgress) async throws -> CallTool.Result {
        let prompt = try arguments.requiredString("prompt")
        let (flags, images) = try Self.flags(kind, arguments)
        let chosen = try arguments.string("model")
        let model = if let chosen { chosen } else { try await defaultModel(kind.rawValue, call) }
        let text = ([prompt] + flags).joined(separator: " ")
        let content: JSONValue =
            images.isEmpty
            ? .string(text)
            : .array([["type": "text", "text": .string(text)]] + images.map { ["type": "image_url", "image_url": ["url": .string($0)]] })
        let body: JSONValue = ["model": .string(model), "stream": true, "messages": [["role": "user", "content": content]]]
        let reply = try await inProcess.send(.post, "/v1/chat/completions", json: body, from: call.request, context: call.context)
        guard reply.isSuccess else { throw await Self.failure(of: reply) }
        let jobID = reply.headers[.prismJobID]
        let answer = try await follow(reply, progress)
        guard let jobID else {
            // `/help` answers without a job; anything else that did is not a media model.
            guard prompt.trimmingCharacters(in: .whitespaces) == "/help" else {
                throw GatewayError.invalidRequest(
                    "\(model) answered without making a \(kind.rawValue); name an \(kind.rawValue)/ model (list_models lists them).",
                    code: "not_a_media_model", param: "model")
            }
            return Self.success(answer, structured: ["job_id": .null, "model": .string(model), "media": []])
        }
        let job = try await jobObject(jobID, call)
        guard job["status"]?.stringValue == "succeeded" else {
            throw GatewayError.upstream(job["error"]?["message"]?.stringValue ?? "Job \(jobID) did not succeed.", code: "job_failed")
        }
        let media = job["media"]?.arrayValue ?? []
        await progress.finish()
        var extra: [Tool.Content] = []
        for item in media {
            guard let id = item["id"]?.stringValue, let url = item["url"]?.stringValue else { continue }
            switch kind {
            case .image:
                if let picture = try await inlineImage(url, call) { extra.append(picture) }
            case .video:
                extra.append(.resourceLink(uri: url, name: "\(id).mp4", title: String(prompt.prefix(60)), mimeType: "video/mp4"))
            }
        }
        let links = media.compactMap { $0["url"]?.stringValue }
        let summary = "\(model) made \(links.count) \(kind.rawValue)\(links.count == 1 ? "" : "s") (job \(jobID)): \(links.joined(separator: " "))"
        return Self.success(summary, structured: ["job_id": .string(jobID), "model": .string(model), "media": .array(media)], more: extra)
    }

    /// The prompt flags of SPEC §5 for the tool's arguments, and the input images.
    private static func flags(_ kind: MediaKind, _ arguments: MCPArguments) throws(GatewayError) -> ([String], [String]) {
        var flags: [String] = []
        func add(_ flag: String, _ value: String?) { if let value { flags += ["--\(flag)", value] } }
        add("ratio", try arguments.word("ratio"))
        switch kind {
        case .image:
            add("size", try arguments.word("size"))
            add("seed", try arguments.integer("seed", in: -1...4_294_967_295).map(String.init))
            add("n", try arguments.integer("n", in: 1...4).map(String.init))
            return (flags, try arguments.strings("image_urls"))
        case .video:
            add("duration", try arguments.integer("duration", in: 1...60).map(String.init))
            add("resolution", try arguments.word("resolution"))
            return (flags, try arguments.string("image_url").map { [$0] } ?? [])
        }
    }

    /// Reads the chat stream: progress lines go out as MCP progress, the content is the answer, an error
    /// event is the job's failure sentence.
    private func follow(_ reply: InProcessReply, _ progress: MCPProgress) async throws -> String {
        var parser = ServerSentEventParser()
        var answer = ""
        var failure: GatewayError?
        for try await chunk in reply.body {
            for event in parser.feed(chunk) where event.data != "[DONE]" {
                guard let frame = try? JSONValue.parse(event.data) else { continue }
                if let error = frame["error"] {
                    failure = GatewayError(
                        status: 502, code: error["code"]?.stringValue ?? "job_failed",
                        message: error["message"]?.stringValue ?? "The media job failed.")
                    continue
                }
                let delta = frame["choices"]?.arrayValue?.first?["delta"]
                if let content = delta?["content"]?.stringValue { answer += content }
                if let line = delta?["reasoning_content"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !line.isEmpty {
                    // The line carries the job's percentage when the provider reports one (SPEC §5); reading it
                    // from the line rather than asking for the job keeps a tool call to few inner requests,
                    // each of which counts against the key's rate windows.
                    await progress.report(line, fraction: Self.percentage(in: line))
                }
            }
        }
        if let failure { throw failure }
        return answer
    }

    func jobObject(_ id: String, _ call: MCPCall) async throws -> JSONValue {
        let reply = try await inProcess.send(.get, "/v1/jobs/\(Self.pathSegment(id))", from: call.request, context: call.context)
        guard reply.isSuccess else { throw await Self.failure(of: reply) }
        return try await reply.json()
    }

    /// The picture behind one of Prism's media links, read through `GET /v1/media/<file>` in-process.
    private func inlineImage(_ url: String, _ call: MCPCall) async throws -> Tool.Content? {
        guard let link = URLComponents(string: url) else { return nil }
        let path = link.percentEncodedPath + (link.percentEncodedQuery.map { "?\($0)" } ?? "")
        let reply = try await inProcess.send(.get, path, from: call.request, context: call.context)
        guard reply.isSuccess, let mime = reply.headers[.contentType], mime.hasPrefix("image/") else { return nil }
        guard let bytes = try? await reply.collect(upTo: Self.maxInlineImageBytes) else { return nil }
        return .image(data: Data(buffer: bytes).base64EncodedString(), mimeType: mime, annotations: nil, _meta: nil)
    }

    /// The model a tool uses when its call names none: the MCP_* default, else the first of that family
    /// that `GET /v1/models` lists for this caller.
    func defaultModel(_ family: String, _ call: MCPCall) async throws -> String {
        let configured = family == "image" ? defaults.image : family == "video" ? defaults.video : defaults.chat
        if let configured { return configured }
        let variable = "MCP_\(family.uppercased())_MODEL"
        guard let first = try await models(family: family, call).first else {
            throw GatewayError.notFound(
                "No \(family) model is available to this key: pass model, or set \(variable) and configure a provider for it.", code: "model_not_found",
                param: "model")
        }
        return first
    }

    /// The last "NN%" of a progress line, as a fraction.
    static func percentage(in line: String) -> Double? {
        guard let sign = line.lastIndex(of: "%") else { return nil }
        let digits = line[..<sign].reversed().prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let value = Int(String(digits.reversed())), value <= 100 else { return nil }
        return Double(value) / 100
    }

    /// A value made safe for one path segment.
    static func pathSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? value
    }
}

