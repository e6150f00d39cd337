import Hummingbird
import NIOCore
import PrismShared

/// `POST /v1/chat/completions`: decode once, resolve the model once, call the provider, render.
struct ChatController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let store: ChatCompletionStore
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/chat/completions", use: complete)
    }

    @Sendable func complete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let chat = try ChatRequest(json: try await request.jsonBody(limit: maxBodyBytes))
        let (provider, reply) = try await dispatcher.openText(chat, model: chat.model, router: router, principal: context.principal)
        let saver = chat.store ? saver(for: chat, principal: context.principal) : nil
        if chat.stream {
            return SSEResponse.make(request: request) { writer in
                var relay = ChatStreamRelay(provider: provider, capture: saver.map { _ in ChatCompletionCapture(model: chat.model) }, store: saver)
                try await relay.relay(reply.body, to: &writer)
            }
        }
        if let saver { return try await Self.storeWhole(reply, model: chat.model, saver: saver) }
        return Self.forward(reply)
    }

    /// Keeps a finished completion with the messages it answered.
    private func saver(for chat: ChatRequest, principal: Principal) -> @Sendable (ChatCompletionCapture) async throws -> Void {
        let store = self.store
        let messages = chat.body["messages"] ?? []
        return { capture in
            try await store.save(
                id: capture.id, principal: principal.id, model: chat.model, createdAt: capture.createdAt,
                completion: capture.completion, messages: messages)
        }
    }

    /// A non-streaming answer to store: read whole (it must be kept before it is sent), given Prism's id.
    private static func storeWhole(
        _ reply: UpstreamReply, model: String, saver: @Sendable (ChatCompletionCapture) async throws -> Void
    ) async throws -> Response {
        let bytes = try await reply.body.collect(upTo: 64 << 20)
        guard var json = try? JSONValue.parse(bytes.readableBytesView), json.objectValue != nil else {
            throw GatewayError.upstream("The provider's answer was not JSON, so it could not be stored; try again without `store`.")
        }
        var capture = ChatCompletionCapture(model: model)
        json["id"] = .string(capture.id)
        var delta = json
        delta["choices"] = .array((json["choices"]?.arrayValue ?? []).map { choice in
            var choice = choice
            choice["delta"] = choice["message"]
            return choice
        })
        _ = capture.rewrite(chunk: delta.serialized())
        try await saver(capture)
        return JSONResponse.make(json)
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
