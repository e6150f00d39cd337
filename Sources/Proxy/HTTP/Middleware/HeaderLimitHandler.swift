import NIOCore
import NIOHTTP1

/// Answers a request whose headers are larger than the HTTP decoder accepts with `431` and the SPEC §9
/// JSON shape, then closes the connection — instead of dropping it without a word. It sits after the
/// HTTP codec, so it writes raw bytes from the response encoder's place in the pipeline, below the
/// handlers that expect typed response parts.
final class HeaderLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    static let body = #"{"error":{"message":"The request headers are too large; send fewer or shorter headers.","type":"invalid_request_error","param":null,"code":"headers_too_large"}}"#

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard case HTTPParserError.headerOverflow = error,
              let encoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
        else {
            context.fireErrorCaught(error)
            return
        }
        let answer = "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\ncontent-length: \(Self.body.utf8.count)\r\nconnection: close\r\n\r\n\(Self.body)"
        let channel = context.channel
        encoder.writeAndFlush(NIOAny(ByteBuffer(string: answer))).whenComplete { _ in channel.close(promise: nil) }
    }
}
