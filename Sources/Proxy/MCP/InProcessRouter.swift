import Hummingbird
import HTTPTypes
import NIOCore
import PrismShared
import Synchronization

/// Sends a request through the application's own router without a socket, so that an MCP tool runs the very
/// handlers, middleware (auth, errors, and whatever admission and bookkeeping are added later) and renderers
/// that answer HTTP — there is no second implementation of any feature behind `/mcp`.
///
/// The router is bound once all routes are added (the MCP route is one of them, hence the late binding).
///
/// ```swift
/// let reply = try await inProcess.send(.post, "/v1/chat/completions", json: body, from: request, context: context)
/// let answer = try await reply.json()
/// ```
final class InProcessRouter: Sendable {
    private let responder = Mutex<RouterResponder<GatewayRequestContext>?>(nil)

    func bind(_ router: Router<GatewayRequestContext>) {
        let built = router.buildResponder()
        responder.withLock { $0 = built }
    }

    /// Sends `method path` with `json` as its body, carrying the outer request's keys.
    ///
    /// The inner request is made from the outer one (`outer` must have had its body collected): Hummingbird
    /// keeps the connection's inbound stream under a replaced body, so a streamed answer that watches for the
    /// client going away (SSEResponse) watches the MCP client's connection — it would trap on a body made
    /// from nothing.
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, from outer: Request, context: GatewayRequestContext
    ) async throws -> InProcessReply {
        guard let responder = responder.withLock({ $0 }) else {
            throw GatewayError.internal("The MCP server was used before the routes were ready; try again.")
        }
        var head = HTTPRequest(method: method, scheme: nil, authority: outer.head.authority, path: path)
        head.headerFields = Self.forwardedHeaders(outer.headers)
        if json != nil { head.headerFields[.contentType] = "application/json" }
        var request = Request(head: head, body: outer.body)
        request.body = RequestBody(buffer: json?.byteBuffer() ?? ByteBuffer())
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch let error as GatewayError {
            response = error.response
        }
        return InProcessReply(response)
    }

    /// The caller's credentials travel on (Bearer, x-api-key, and the BYOK `x-<provider>-api-key` headers);
    /// the MCP transport's own headers do not.
    static func forwardedHeaders(_ headers: HTTPFields) -> HTTPFields {
        var fields = HTTPFields()
        for field in headers {
            let name = field.name.canonicalName
            if name == "authorization" || (name.hasPrefix("x-") && name.hasSuffix("-api-key")) { fields.append(field) }
        }
        return fields
    }
}

/// An answer of the in-process router: status, headers and the body as it is written.
struct InProcessReply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: AsyncThrowingStream<ByteBuffer, any Error>

    init(_ response: Response) {
        status = response.status
        headers = response.headers
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        body = stream
        let responseBody = response.body
        let writing = Task {
            do {
                try await responseBody.write(StreamWriter(continuation: continuation))
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // A reader that stops early ends the writing, as a client that hangs up would.
        continuation.onTermination = { _ in writing.cancel() }
    }

    /// The whole body, at most `limit` bytes.
    func collect(upTo limit: Int = 64 << 20) async throws -> ByteBuffer {
        var all = ByteBuffer()
        for try await part in body {
            guard all.readableBytes + part.readableBytes <= limit else {
                throw GatewayError.upstream("An answer inside Prism was larger than \(limit) bytes, too large for an MCP result.")
            }
            var part = part
            all.writeBuffer(&part)
        }
        return all
    }

    /// The body parsed as JSON.
    func json() async throws -> JSONValue {
        let bytes = try await collect()
        do {
            return try JSONValue.parse(bytes.readableBytesView)
        } catch {
            throw GatewayError.internal("An answer inside Prism was not JSON; the error is in the gateway log.")
        }
    }

    var isSuccess: Bool { (200..<300).contains(status.code) }
}

/// Hands each written buffer to the reader of `InProcessReply.body`.
private struct StreamWriter: ResponseBodyWriter {
    let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation

    mutating func write(_ buffer: ByteBuffer) async throws {
        if case .terminated = continuation.yield(buffer) { throw CancellationError() }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        continuation.finish()
    }
}
