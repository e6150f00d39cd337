import Hummingbird
import HTTPTypes
import NIOCore

/// The one way Prism answers with a server-sent event stream. The body is produced inside
/// `consumeWithCancellationOnInboundClose`, so a client that goes away cancels the producing task — and
/// with it the upstream request — at once, even while the upstream is silent.
///
/// The request must have been read with `collectBody(upTo:)` (see `Request.jsonBody(limit:)`); decoding it
/// any other way makes the cancellation helper trap on disconnect.
///
/// Watching for the close consumes the connection's inbound side, so Hummingbird closes the connection
/// after the stream; `Connection: close` tells the client not to reuse it.
enum SSEResponse {
    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        .connection: "close",
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    static func make(
        request: Request,
        extraHeaders: HTTPFields = [:],
        produce: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        var fields = headers
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
}
