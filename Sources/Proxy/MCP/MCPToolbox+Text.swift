import Foundation
import MCP
import PrismShared
import Tools

/// `chat`, `web_search`, `run_python`, and the read-only tools over the job, media and model endpoints.
extension MCPToolbox {
    /// A non-streaming chat completion, as `POST /v1/chat/completions` answers it.
    func chat(_ arguments: MCPArguments, _ call: MCPCall) async throws -> CallTool.Result {
        let prompt = try arguments.requiredString("prompt")
        let chosen = try arguments.string("model")
        let model = if let chosen { chosen } else { try await defaultModel("text", call) }
        var messages: [JSONValue] = []
        if let system = try arguments.string("system") { messages.append(["role": "system", "content": .string(system)]) }
        messages.append(["role": "user", "content": .string(prompt)])
        let body: JSONValue = ["model": .string(model), "messages": .array(messages)]
        let reply = try await inProcess.send(.post, "/v1/chat/completions", json: body, from: call.request, context: call.context)
        guard reply.isSuccess else { throw await Self.failure(of: reply) }
        let answer = try await reply.json()
        let content = answer["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
        return Self.success(content, structured: ["model": answer["model"] ?? .string(model), "content": .string(content)])
    }

    /// The server-side tools of SPEC §7 have no HTTP endpoint of their own: the MCP tool calls the same
    /// `Tool` the chat tool loop calls, with the keys this caller may use.
    func serverTool(_ name: String, _ arguments: MCPArguments, _ call: MCPCall) async throws -> CallTool.Result {
        guard let tool = tools.tools(for: call.context.principal, headers: call.request.headers).first(where: { $0.definition.name == name }) else {
            throw GatewayError.notFound("The \(name) tool is not configured on this Prism.", code: "tool_not_configured")
        }
        var input: JSONValue
        if name == "python" {
            input = ["code": .string(try arguments.requiredString("code"))]
        } else {
            input = ["query": .string(try arguments.requiredString("query"))]
            if let limit = try arguments.integer("max_results", in: 1...20) { input["max_results"] = JSONValue(limit) }
        }
        let result = await tool.call(input)
        guard !result.failed else { throw GatewayError.upstream(result.content, code: "tool_failed") }
        if name == "python" { return Self.success(result.content, structured: ["output": .string(result.content)]) }
        let citations: [JSONValue] = result.citations.map { ["url": .string($0.url), "title": .string($0.title)] }
        return Self.success(result.content, structured: ["content": .string(result.content), "citations": .array(citations)])
    }

    /// `GET /v1/media?kind=&limit=`.
    func listMedia(_ arguments: MCPArguments, _ call: MCPCall) async throws -> CallTool.Result {
        var query: [String] = []
        if let kind = try arguments.string("kind") {
            guard ["image", "video"].contains(kind) else {
                throw GatewayError.invalidRequest("The argument kind of list_media must be image or video.", code: "invalid_value", param: "kind")
            }
            query.append("kind=\(kind)")
        }
        if let limit = try arguments.integer("limit", in: 1...100) { query.append("limit=\(limit)") }
        let path = "/v1/media" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let reply = try await inProcess.send(.get, path, from: call.request, context: call.context)
        guard reply.isSuccess else { throw await Self.failure(of: reply) }
        let list = try await reply.json()
        let data = list["data"]?.arrayValue ?? []
        let lines = data.map { item in
            "\(item["id"]?.stringValue ?? "") \(item["kind"]?.stringValue ?? "") \(item["prompt"]?.stringValue ?? ""): \(item["url"]?.stringValue ?? "")"
        }
        let text = lines.isEmpty ? "No media yet." : lines.joined(separator: "\n")
        return Self.success(text, structured: ["data": .array(data), "has_more": list["has_more"] ?? false])
    }

    /// `GET /v1/jobs/<id>`, or `POST /v1/jobs/<id>/cancel`.
    func job(_ arguments: MCPArguments, _ call: MCPCall, cancel: Bool) async throws -> CallTool.Result {
        let id = try arguments.requiredString("id")
        let job: JSONValue
        if cancel {
            let reply = try await inProcess.send(.post, "/v1/jobs/\(Self.pathSegment(id))/cancel", from: call.request, context: call.context)
            guard reply.isSuccess else { throw await Self.failure(of: reply) }
            job = try await reply.json()
        } else {
            job = try await jobObject(id, call)
        }
        let status = job["status"]?.stringValue ?? "unknown"
        let message = job["message"]?.stringValue ?? ""
        return Self.success("Job \(id) is \(status)\(message.isEmpty ? "" : ": \(message)").", structured: job)
    }

    /// `GET /v1/models`, filtered to one family.
    func listModels(_ arguments: MCPArguments, _ call: MCPCall) async throws -> CallTool.Result {
        let family = try arguments.string("family")
        if let family, !["text", "image", "video"].contains(family) {
            throw GatewayError.invalidRequest("The argument family of list_models must be text, image or video.", code: "invalid_value", param: "family")
        }
        let ids = try await models(family: family, call)
        return Self.success(ids.isEmpty ? "No models." : ids.joined(separator: "\n"), structured: ["models": .array(ids.map { .string($0) })])
    }

    /// The model ids `GET /v1/models` lists for this caller, of one family (`nil`: all).
    func models(family: String?, _ call: MCPCall) async throws -> [String] {
        let reply = try await inProcess.send(.get, "/v1/models", from: call.request, context: call.context)
        guard reply.isSuccess else { throw await Self.failure(of: reply) }
        let ids = (try await reply.json())["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        guard let family else { return ids }
        return ids.filter { id in
            switch family {
            case "image": id.hasPrefix("image/")
            case "video": id.hasPrefix("video/")
            default: !id.hasPrefix("image/") && !id.hasPrefix("video/") && id != "admin/magic"
            }
        }
    }
}
