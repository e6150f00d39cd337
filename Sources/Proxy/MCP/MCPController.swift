import Foundation
import Hummingbird
import HTTPTypes
import Logging
import MCP
import NIOCore

/// `POST|GET|DELETE /mcp` (SPEC §16): a Model Context Protocol server over Streamable HTTP, behind the same
/// key check as every other route.
///
/// Each POST is answered on its own by a fresh SDK `Server` over an `MCPExchange`: nothing is kept between
/// requests, so no `Mcp-Session-Id` is issued and any replica can answer any message. A `tools/call` is
/// answered as a short event stream (progress notifications, then the result) when the client accepts one;
/// everything else as one JSON message. GET and DELETE exist for the protocol's sake: with no sessions there
/// is no server-initiated stream to open and nothing to end, which MCP says to answer with 405.
struct MCPController: Sendable {
    let toolbox: MCPToolbox
    let maxBodyBytes: Int
    let logger: Logger

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/mcp", use: post)
        router.get("/mcp", use: notOffered)
        router.delete("/mcp", use: notOffered)
    }

    @Sendable func notOffered(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let message =
            request.method == .get
            ? "Prism's MCP server is stateless and opens no server-initiated stream; send each JSON-RPC message with POST /mcp."
            : "Prism's MCP server is stateless and has no session to end; nothing needs deleting."
        var response = GatewayError(status: 405, code: "method_not_allowed", message: message).response
        response.headers[.allow] = "POST"
        return response
    }

    @Sendable func post(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        if let refusal = MCPRequestCheck.refusal(for: request) { return refusal }
        let data = Data(buffer: body)
        guard let message = MCPMessage(data) else {
            return MCPRequestCheck.rpcError(status: .badRequest, code: -32700, "The body is not a JSON-RPC 2.0 message; send one JSON object with jsonrpc, method and id.")
        }
        let exchange = MCPExchange(message: data, awaitedID: message.requestID, logger: logger)
        let server = await toolbox.server(for: MCPCall(request: request, context: context, exchange: exchange))
        try await server.start(transport: exchange)
        guard message.requestID != nil else {
            // A notification or a response: the server reads it, and there is nothing to answer.
            Task { await Self.finish(server, after: exchange) }
            return Response(status: .accepted)
        }
        let accepts = request.headers[values: .accept].joined(separator: ",")
        if message.method == CallTool.name, accepts.contains("text/event-stream") {
            return Response(status: .ok, headers: MCPRequestCheck.streamHeaders, body: ResponseBody { writer in
                defer { Task { await server.stop() } }
                for await outgoing in exchange.outgoing {
                    var frame = ByteBuffer(string: "event: message\ndata: ")
                    frame.writeBytes(outgoing)
                    frame.writeString("\n\n")
                    try await writer.write(frame)
                }
                try await writer.finish(nil)
            })
        }
        var answer: Data?
        for await outgoing in exchange.outgoing { answer = outgoing }
        await server.stop()
        guard let answer else {
            return MCPRequestCheck.rpcError(status: .internalServerError, code: -32603, "Prism's MCP server ended without an answer; try again.")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }

    private static func finish(_ server: Server, after exchange: MCPExchange) async {
        for await _ in exchange.outgoing {}
        await server.stop()
    }
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

    /// An Origin is allowed when it is this server itself or a loopback page.
    static func originAllowed(_ origin: String, host: String?) -> Bool {
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        if ["localhost", "127.0.0.1", "::1", "[::1]"].contains(originHost.lowercased()) { return true }
        guard let host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(originHost)\(port)".lowercased() == host.lowercased()
    }

    /// A JSON-RPC error with no id (the message could not be read far enough to have one).
    static func rpcError(status: HTTPResponse.Status, code: Int, _ message: String) -> Response {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": NSNull(), "error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
