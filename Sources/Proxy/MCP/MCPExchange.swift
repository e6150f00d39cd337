import Foundation
import Logging
import MCP

/// The MCP SDK's `Transport` for one HTTP POST: it hands the SDK's `Server` the one JSON-RPC message that
/// came in, and passes on what the server sends — progress notifications, then the response to that message.
///
/// One exchange per HTTP request and nothing kept after it: Prism's MCP server is stateless (no
/// `Mcp-Session-Id`), so any replica behind a load balancer can answer any message. The SDK's own
/// `StatelessHTTPServerTransport` drops notifications, and progress is the point of a long media job;
/// its `StatefulHTTPServerTransport` keeps sessions in one process's memory.
actor MCPExchange: Transport {
    nonisolated let logger: Logger
    /// The JSON-RPC id the exchange waits for an answer to; `nil` for a notification (nothing to wait for).
    private let awaitedID: String?
    private let incoming: AsyncThrowingStream<Data, any Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Error>.Continuation
    /// What the server sends, in order; finished after the awaited response.
    nonisolated let outgoing: AsyncStream<Data>
    private let outgoingContinuation: AsyncStream<Data>.Continuation

    init(message: Data, awaitedID: String?, logger: Logger) {
        self.logger = logger
        self.awaitedID = awaitedID
        (incoming, incomingContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        (outgoing, outgoingContinuation) = AsyncStream<Data>.makeStream()
        // One message and no more: the server's read loop ends after it, while its handler still answers.
        incomingContinuation.yield(message)
        incomingContinuation.finish()
        if awaitedID == nil { outgoingContinuation.finish() }
    }

    func connect() async throws {}

    func disconnect() async {
        incomingContinuation.finish()
        outgoingContinuation.finish()
    }

    func send(_ data: Data) async throws {
        outgoingContinuation.yield(data)
        if let awaitedID, Self.isResponse(data, to: awaitedID) { outgoingContinuation.finish() }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> { incoming }

    /// Puts an empty message among the outgoing ones: the event stream writes it as a keep-alive comment.
    func keepAlive() {
        outgoingContinuation.yield(Data())
    }

    /// Whether `data` answers `id`: a response (no method) carrying that id, read as the SDK reads ids.
    static func isResponse(_ data: Data, to id: String) -> Bool {
        guard let message = try? JSONSerialization.jsonObject(with: data) as? [String: Any], message["method"] == nil else { return false }
        return MCPMessage.id(message["id"])?.description == id
    }
}

/// What Prism needs to know about an incoming JSON-RPC message before the SDK reads it: whether the server
/// will answer it, and with which id. The rules follow the SDK's own reading (a message with `result` or
/// `error` is a response; one with a method and an id is a request; with a method only, a notification),
/// and anything else is refused here — a message the SDK would drop unanswered must not leave an HTTP
/// request waiting for an answer that never comes.
struct MCPMessage: Sendable {
    /// The id, as text, of a request; `nil` for notifications and responses.
    let requestID: String?
    let method: String?

    enum Refusal: Error {
        case batch, notJSONRPC, badID
    }

    init(_ data: Data) throws(Refusal) {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw .notJSONRPC }
        if object is [Any] { throw .batch }
        guard let message = object as? [String: Any], message["jsonrpc"] as? String == "2.0" else { throw .notJSONRPC }
        let isResponse = message["result"] != nil || message["error"] != nil
        let method = message["method"] as? String
        guard isResponse != (method != nil), message["method"] == nil || method != nil else { throw .notJSONRPC }
        self.method = method
        guard method != nil, let rawID = message["id"], !(rawID is NSNull) else {
            requestID = nil
            return
        }
        guard let id = Self.id(rawID) else { throw .badID }
        requestID = id.description
    }

    /// A JSON-RPC id as the SDK decodes it (a string or an integer); `nil` for anything else.
    static func id(_ value: Any?) -> ID? {
        guard let value, !(value is NSNull), let data = try? JSONSerialization.data(withJSONObject: [value]) else { return nil }
        return (try? JSONDecoder().decode([ID].self, from: data))?.first
    }
}
