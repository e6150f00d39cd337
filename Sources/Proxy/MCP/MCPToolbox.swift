import Foundation
import Hummingbird
import Logging
import MCP
import PrismShared

/// One MCP request as it arrived: the HTTP request (its keys travel on to the in-process calls), the
/// caller's context (principal), and the exchange that carries progress notifications back.
struct MCPCall: Sendable {
    let request: Request
    let context: GatewayRequestContext
    let exchange: MCPExchange
}

/// Builds the SDK `Server` that answers one MCP request and runs its tools. Every tool is the HTTP API
/// reached in-process (`InProcessRouter`) or, for the server-side tools of SPEC §7 that have no endpoint of
/// their own, the very `Tool` the chat tool loop calls.
struct MCPToolbox: Sendable {
    let inProcess: InProcessRouter
    let tools: ToolAccess
    let defaults: MCPDefaults
    let recorder: MCPCallRecorder
    static let serverVersion = "1.0.0"

    func server(for call: MCPCall) async -> Server {
        let server = Server(
            name: "prism", version: Self.serverVersion, title: "Prism",
            instructions: "Prism is an AI gateway: make images and videos, ask any of its models, and follow media jobs.",
            capabilities: .init(tools: .init(listChanged: false)))
        let toolbox = self
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: toolbox.offered(to: call).map(Self.tool))
        }
        await server.withMethodHandler(CallTool.self) { params in
            try await toolbox.call(params, call)
        }
        return server
    }

    /// The catalog less the server-side tools this caller has no key or executor for.
    func offered(to call: MCPCall) -> [MCPToolCatalog.Entry] {
        let available = Set(tools.tools(for: call.context.principal, headers: call.request.headers).map(\.definition.name))
        return MCPToolCatalog.all.filter { entry in
            switch entry.name {
            case "web_search": available.contains("web_search")
            case "run_python": available.contains("python")
            default: true
            }
        }
    }

    private static func tool(_ entry: MCPToolCatalog.Entry) -> Tool {
        Tool(
            name: entry.name, title: entry.title, description: entry.description, inputSchema: MCPValue.mcp(entry.input),
            annotations: .init(title: entry.title, readOnlyHint: entry.readOnly), outputSchema: MCPValue.mcp(entry.output))
    }

    /// Runs one tool. An unknown tool is a protocol error (-32602, as MCP says); anything that goes wrong
    /// inside a known tool is an `isError` result carrying the SPEC §9 sentence, for the model to read.
    func call(_ params: CallTool.Parameters, _ call: MCPCall) async throws -> CallTool.Result {
        let offered = offered(to: call)
        guard let entry = offered.first(where: { $0.name == params.name }) else {
            throw MCPError.invalidParams(
                "There is no tool named \(params.name.prefix(60)); the tools are \(offered.map(\.name).joined(separator: ", ")).")
        }
        let started = ContinuousClock.now
        let result: CallTool.Result
        do {
            let arguments = try MCPArguments(tool: entry.name, params.arguments.map { MCPValue.json(.object($0)) }, schema: entry.input)
            let progress = MCPProgress(token: params._meta?.progressToken, exchange: call.exchange)
            result = try await run(entry.name, arguments, call, progress)
        } catch let error as GatewayError {
            result = Self.failure(error.message)
        } catch is CancellationError {
            // The SDK sends no answer for a cancelled handler, and the exchange waits for one: answer anyway
            // (when the client is gone, nobody reads it).
            result = Self.failure("The \(entry.name) call was cancelled because its client went away; a media job it started keeps running (get_job shows it).")
        } catch {
            recorder.logger.error("MCP tool \(entry.name) failed unexpectedly: \(String(reflecting: error))")
            result = Self.failure("Prism failed to run \(entry.name); the error is in the gateway log. Try again.")
        }
        recorder.record(tool: entry.name, principal: call.context.principal, failed: result.isError == true, elapsed: ContinuousClock.now - started)
        return result
    }

    private func run(_ name: String, _ arguments: MCPArguments, _ call: MCPCall, _ progress: MCPProgress) async throws -> CallTool.Result {
        switch name {
        case "generate_image": try await generate(.image, arguments, call, progress)
        case "generate_video": try await generate(.video, arguments, call, progress)
        case "chat": try await chat(arguments, call)
        case "web_search": try await serverTool("web_search", arguments, call)
        case "run_python": try await serverTool("python", arguments, call)
        case "list_media": try await listMedia(arguments, call)
        case "get_job": try await job(arguments, call, cancel: false)
        case "cancel_job": try await job(arguments, call, cancel: true)
        default: try await listModels(arguments, call)
        }
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    static func success(_ text: String, structured: JSONValue, more: [Tool.Content] = []) -> CallTool.Result {
        CallTool.Result(content: more + [.text(text: text, annotations: nil, _meta: nil)], structuredContent: MCPValue.mcp(structured) as Value?)
    }

    /// A non-2xx answer of an in-process call, as the sentence its SPEC §9 body carries.
    static func failure(of reply: InProcessReply) async -> GatewayError {
        let body = try? await reply.json()
        let message = body?["error"]?["message"]?.stringValue ?? "Prism answered \(reply.status.code) \(reply.status.reasonPhrase)."
        return GatewayError(status: reply.status.code, code: body?["error"]?["code"]?.stringValue ?? "failed", message: message)
    }
}

/// The MCP defaults of SPEC §16: `MCP_IMAGE_MODEL`, `MCP_VIDEO_MODEL`, `MCP_CHAT_MODEL`; unset, the first
/// model of that family that `GET /v1/models` lists for the caller.
struct MCPDefaults: Sendable {
    let image: String?
    let video: String?
    let chat: String?

    init(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        image = value("MCP_IMAGE_MODEL")
        video = value("MCP_VIDEO_MODEL")
        chat = value("MCP_CHAT_MODEL")
    }
}

/// The one place where an MCP tool call is recorded as a request of its own (SPEC §16). For now a log line;
/// the usage ledger and request log (issues 19 and 21) hook in here. The in-process HTTP calls a tool makes
/// pass the router's middleware like any request, so per-request accounting there sees them too.
struct MCPCallRecorder: Sendable {
    let logger: Logger

    func record(tool: String, principal: Principal, failed: Bool, elapsed: Duration) {
        let millis = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info("MCP tool \(tool) for principal \(principal.id): \(failed ? "error" : "ok") in \(millis) ms")
    }
}
