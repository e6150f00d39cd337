import Hummingbird
import HTTPTypes
import NIOCore

/// The one way Prism answers with a server-sent event stream, in two kinds.
///
/// Watching the inbound side (media jobs, the tool loop, job streams — long silences are normal there), the
/// body is produced inside `consumeWithCancellationOnInboundClose`, so a client that goes away cancels the
/// producing task — and with it the upstream work — at once, even while nothing is being written. That
/// consumes the connection's inbound side, so Hummingbird closes the connection after the stream;
/// `Connection: close` tells the client not to reuse it. The request must have been read with
/// `collectBody(upTo:)` (see `Request.jsonBody(limit:)`); decoding it any other way makes the cancellation
/// helper trap on disconnect.
///
/// Without it (one upstream answer relayed event by event, or a background response's events, whose work
/// goes on without the client anyway) the connection stays open for the client's next request: a client that
/// went away is noticed by the next write that fails — an event, or the keep-alive comment a silent stream
/// gets — which ends the producer and with it the upstream request (a background response's work goes on).
enum SSEResponse {
    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    /// A stream produced by `produce`; `watchInbound` (the default) is the first kind above, `false` the second.
    static func make(
        request: Request,
        extraHeaders: HTTPFields = [:],
        watchInbound: Bool = true,
        produce: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        var fields = headers
        if watchInbound { fields[.connection] = "close" }
        fields.append(contentsOf: extraHeaders)
        return Response(status: .ok, headers: fields, body: ResponseBody { writer in
            guard watchInbound else {
                try await produce(&writer)
                try await writer.finish(nil)
                return
            }
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
}
