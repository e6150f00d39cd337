import Hummingbird
import HTTPTypes
import NIOCore

/// The one way Prism answers with a server-sent event stream, in two kinds.
///
/// `make` (media jobs, the tool loop, job streams — long silences are normal there) produces the body
/// inside `consumeWithCancellationOnInboundClose`, so a client that goes away cancels the producing task —
/// and with it the upstream work — at once, even while nothing is being written. Watching for the close
/// consumes the connection's inbound side, so Hummingbird closes the connection after the stream;
/// `Connection: close` tells the client not to reuse it. The request must have been read with
/// `collectBody(upTo:)` (see `Request.jsonBody(limit:)`); decoding it any other way makes the cancellation
/// helper trap on disconnect.
///
/// `relay` (one upstream answer relayed event by event) leaves the inbound side alone, so the connection
/// stays open for the client's next request: a client that went away is noticed by the next write that
/// fails — an event, or the keep-alive comment a silent upstream gets every `STREAM_KEEPALIVE_SECONDS` —
/// which ends the producer and with it the upstream request.
enum SSEResponse {
    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    static func make(
        request: Request,
        extraHeaders: HTTPFields = [:],
        produce: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        var fields = headers
        fields[.connection] = "close"
        fields.append(contentsOf: extraHeaders)
        return Response(status: .ok, headers: fields, body: ResponseBody { writer in
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await produce(&writer)
                }
            } catch is CancellationError {
                return
            }
            try await writer.finish(nil)
        })
    }

    static func relay(
        extraHeaders: HTTPFields = [:],
        produce: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        var fields = headers
        fields.append(contentsOf: extraHeaders)
        return Response(status: .ok, headers: fields, body: ResponseBody { writer in
            try await produce(&writer)
            try await writer.finish(nil)
        })
    }
}
