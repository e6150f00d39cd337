import Hummingbird
import NIOCore

/// `POST /v1/chat/completions`: decode once, resolve the model once, call the provider, render.
struct ChatController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/chat/completions", use: complete)
    }

    @Sendable func complete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let chat = try ChatRequest(json: try await request.jsonBody(limit: maxBodyBytes))
        guard case .text(let provider, let model) = try router.route(chat.model) else {
            throw router.unavailable(chat.model)
        }
        let reply = try await dispatcher.open(chat, provider: provider, model: model, principal: context.principal)
        if chat.stream {
            return SSEResponse.make(request: request) { writer in
                try await ChatStreamRelay(provider: provider).relay(reply.body, to: &writer)
            }
        }
        return Self.forward(reply)
    }

    /// A non-streaming answer goes out as its bytes arrive; nothing is buffered whole.
    static func forward(_ reply: UpstreamReply) -> Response {
        let body = reply.body
        return Response(
            status: .ok,
            headers: [.contentType: reply.contentType ?? "application/json"],
            body: ResponseBody(contentLength: reply.contentLength) { writer in
                for try await bytes in body { try await writer.write(bytes) }
                try await writer.finish(nil)
            })
    }
}
