import Foundation
import Hummingbird
import HTTPTypes
import Logging
import MCP
import NIOCore
import PrismShared

/// `POST|GET|DELETE /mcp` (SPEC §16): a Model Context Protocol server over Streamable HTTP, with the same
/// keys and principals as every other route. It checks the key itself rather than behind `AuthMiddleware`,
/// so that a refusal reaches MCP clients as a JSON-RPC error carrying the SPEC §9 sentence (they show that,
/// and only "error response" for a body of another shape); the tools' in-process calls pass the API's own
/// middleware as any request does.
///
/// Each POST is answered on its own by a fresh SDK `Server` over an `MCPExchange`: nothing is kept between
/// requests, so no `Mcp-Session-Id` is issued and any replica can answer any message. A `tools/call` is
/// answered as a short event stream (progress notifications, then the result) when the client accepts one;
/// everything else as one JSON message. GET and DELETE exist for the protocol's sake: with no sessions there
/// is no server-initiated stream to open and nothing to end, which MCP says to answer with 405.
struct MCPController: Sendable {
    let toolbox: MCPToolbox
    let authenticator: Authenticator
    let maxBodyBytes: Int
    let logger: Logger

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/mcp", use: post)
        router.get("/mcp", use: notOffered)
        router.delete("/mcp", use: notOffered)
    }

    /// The SDK logs a client's malformed message at error level, though the client is answered with a
    /// JSON-RPC error that says so; Prism's error level is kept for its own failures.
    private var sdkLogger: Logger {
        var quieter = logger
        quieter.logLevel = .critical
        return quieter
    }

    @Sendable func notOffered(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        if case .failure(let refusal) = try await authenticate(request, context) { return refusal.response }
        let message =
            request.method == .get
            ? "Prism's MCP server is stateless and opens no server-initiated stream; send each JSON-RPC message with POST /mcp."
            : "Prism's MCP server is stateless and has no session to end; nothing needs deleting."
        var response = GatewayError(status: 405, code: "method_not_allowed", message: message).response
        response.headers[.allow] = "POST"
        return response
    }

    /// The caller's context with its principal, or the refusal to send.
    private func authenticate(_ request: Request, _ context: GatewayRequestContext) async throws -> Result<GatewayRequestContext, RefusedCall> {
        do {
            var context = context
            context.principal = try await authenticator.principal(for: request.headers)
            return .success(context)
        } catch let error as GatewayError {
            var response = MCPRequestCheck.rpcError(status: .init(code: error.status), code: -32001, error.message, data: error.json["error"])
            response.headers[.wwwAuthenticate] = "Bearer"
            return .failure(RefusedCall(response: response))
        }
    }

    @Sendable func post(_ request: Request, context unauthenticated: GatewayRequestContext) async throws -> Response {
        let context: GatewayRequestContext
        switch try await authenticate(request, unauthenticated) {
        case .success(let authenticated): context = authenticated
        case .failure(let refusal): return refusal.response
        }
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        if let refusal = MCPRequestCheck.refusal(for: request) { return refusal }
        let data = Data(buffer: body)
        let message: MCPMessage
        do {
            message = try MCPMessage(data)
        } catch {
            return MCPRequestCheck.refusal(error)
        }
        let exchange = MCPExchange(message: data, awaitedID: message.requestID, logger: sdkLogger)
        let server = await toolbox.server(for: MCPCall(request: request, context: context, exchange: exchange))
        try await server.start(transport: exchange)
        guard message.requestID != nil else {
            // A notification or a response: the server reads it, and there is nothing to answer.
            Task { await Self.finish(server, after: exchange) }
            return Response(status: .accepted)
        }
        // A tool that follows a job watches this connection for the client going away (SSEResponse), which
        // consumes its inbound side: Hummingbird then closes it after the answer, so the client must not reuse it.
        let isToolCall = message.method == CallTool.name
        var headers: HTTPFields = isToolCall ? [.connection: "close"] : [:]
        let accepts = request.headers[values: .accept].joined(separator: ",")
        if isToolCall, accepts.contains("text/event-stream") {
            headers.append(contentsOf: MCPRequestCheck.streamHeaders)
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // A media job can run for minutes without a word when no progress was asked for: a comment
                // every 15 s keeps proxies from cutting the stream, as Prism's other streams do.
                let ticker = Task {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(15))
                        await exchange.keepAlive()
                    }
                }
                defer {
                    ticker.cancel()
                    Task { await server.stop() }
                }
                for await outgoing in exchange.outgoing {
                    guard !outgoing.isEmpty else {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        continue
                    }
                    var frame = ByteBuffer(string: "event: message\ndata: ")
                    frame.writeBytes(outgoing)
                    frame.writeString("\n\n")
                    try await writer.write(frame)
                }
                try await writer.finish(nil)
            })
        }
        var answer: Data?
        for await outgoing in exchange.outgoing where !outgoing.isEmpty { answer = outgoing }
        await server.stop()
        guard let answer else {
            return MCPRequestCheck.rpcError(status: .internalServerError, code: -32603, "Prism's MCP server ended without an answer; try again.")
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }

    private static func finish(_ server: Server, after exchange: MCPExchange) async {
        for await _ in exchange.outgoing {}
        await server.stop()
    }
}

/// A refused key, as the answer to send (a `Result` failure must be an `Error`).
struct RefusedCall: Error {
    let response: Response
}

/// The checks of the Streamable HTTP transport that come before the message is read, and its error answers.
enum MCPRequestCheck {
    static let streamHeaders: HTTPFields = [
        .contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    /// A refusal for a request the transport must not serve: a browser page of another site (DNS rebinding
    /// guard), or a protocol version this SDK does not speak.
    static func refusal(for request: Request) -> Response? {
        if let origin = request.headers[.origin], !originAllowed(origin, host: request.head.authority) {
            return GatewayError(
                status: 403, code: "origin_not_allowed",
                message: "Requests to /mcp from the web page at \(origin.prefix(100)) are refused; MCP clients send no Origin of another site."
            ).response
        }
        if let version = request.headers[HTTPField.Name("MCP-Protocol-Version")!], !Version.supported.contains(version) {
            let known = Version.supported.sorted().joined(separator: ", ")
            return rpcError(status: .badRequest, code: -32600, "MCP protocol version \(version.prefix(40)) is not supported; Prism speaks \(known).")
        }
        return nil
    }

    static func refusal(_ refusal: MCPMessage.Refusal) -> Response {
        switch refusal {
        case .batch:
            rpcError(status: .badRequest, code: -32600, "JSON-RPC batches are not taken (MCP dropped them in 2025-06-18); send one message per request.")
        case .notJSONRPC:
            rpcError(
                status: .badRequest, code: -32700,
                "The body is not a JSON-RPC 2.0 message; send one JSON object with jsonrpc 2.0 and a method (and an id for a request), or a result or error.")
        case .badID:
            rpcError(status: .badRequest, code: -32600, "The id of a JSON-RPC request must be a string or an integer.")
        }
    }

    /// An Origin is allowed when it is this server itself or a loopback page.
    static func originAllowed(_ origin: String, host: String?) -> Bool {
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        if ["localhost", "127.0.0.1", "::1", "[::1]"].contains(originHost.lowercased()) { return true }
        guard let host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(originHost)\(port)".lowercased() == host.lowercased()
    }

    /// A JSON-RPC error with no id (the message was not read far enough to have one); `data` carries the
    /// SPEC §9 error object when there is one.
    static func rpcError(status: HTTPResponse.Status, code: Int, _ message: String, data: JSONValue? = nil) -> Response {
        var error: JSONValue = ["code": JSONValue(code), "message": .string(message)]
        if let data { error["data"] = data }
        let body: JSONValue = ["jsonrpc": "2.0", "id": .null, "error": error]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body.byteBuffer()))
    }
}
