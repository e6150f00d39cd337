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

    /// Whether `data` answers `id` (a response carries the id and no method; a batch answers as a whole).
    static func isResponse(_ data: Data, to id: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return false }
        if object is [Any] { return true }
        guard let message = object as? [String: Any], message["method"] == nil else { return false }
        return MCPMessage.idString(message["id"]) == id
    }
}

/// What Prism needs to know about an incoming JSON-RPC message before the SDK reads it.
struct MCPMessage: Sendable {
    /// The id, as text, of a request (or of the first request of a batch); `nil` for notifications and responses.
    let requestID: String?
    let method: String?

    /// `nil` when `data` is not a JSON-RPC message at all.
    init?(_ data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
        if let batch = object as? [[String: Any]] {
            guard !batch.isEmpty else { return nil }
            let firstRequest = batch.first { $0["method"] != nil && $0["id"] != nil }
            requestID = firstRequest.flatMap { Self.idString($0["id"]) }
            method = firstRequest?["method"] as? String
            return
        }
        guard let message = object as? [String: Any], message["jsonrpc"] as? String == "2.0" else { return nil }
        method = message["method"] as? String
        requestID = method == nil ? nil : Self.idString(message["id"])
        guard method != nil || message["result"] != nil || message["error"] != nil else { return nil }
    }

    static func idString(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
