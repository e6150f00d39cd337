import Foundation
import Hummingbird
import NIOCore
import PrismShared

/// `POST /v1/responses`: the Responses API for every text provider, translated to chat completions and
/// stored in SQLite unless `store` is false.
struct ResponsesController: Sendable {
    let dispatcher: ChatDispatcher
    let router: ModelRouter
    let store: ResponseStore
    let maxBodyBytes: Int

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/responses", use: create)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let parsed = try ResponsesRequest(json: try await request.jsonBody(limit: maxBodyBytes))
        let history = try await self.history(before: parsed.previousResponseID, principal: context.principal)
        let chat = try ResponsesTranslation.chatRequest(for: parsed, history: history)
        let (provider, reply) = try await dispatcher.openText(chat, model: parsed.model, router: router, principal: context.principal)
        let recorder = ResponseRecorder(store: store, principal: context.principal.id, request: parsed)
        if parsed.stream {
            return SSEResponse.make(request: request) { writer in
                try await Self.stream(reply, builder: ResponseBuilder(request: parsed), recorder: recorder, provider: provider, to: &writer)
            }
        }
        var builder = ResponseBuilder(request: parsed)
        var failure: String?
        do {
            try await reply.forEachChunk { chunk in _ = builder.consume(chunk) }
        } catch where !(error is CancellationError) {
            failure = AttemptFailure.midStream(provider: provider, error)
        }
        let response = builder.finish(failure: failure).response
        try await recorder.save(response, outputText: builder.outputText)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: response.byteBuffer()))
    }

    /// The items of the chain that `previousID` ends, oldest first; a 404 when it is not the caller's.
    private func history(before previousID: String?, principal: Principal) async throws -> [JSONValue] {
        guard let previousID else { return [] }
        guard let chain = try await store.chain(endingAt: previousID, scope: Scope(principal)) else {
            throw GatewayError.notFound(
                "There is no response `\(previousID)` to continue: use the `id` of one of your stored responses.",
                code: "response_not_found", param: "previous_response_id")
        }
        return chain.flatMap { $0.inputItems + ($0.object["output"]?.arrayValue ?? []) }
    }

    /// Relays the answer as Responses events. The response is stored before its final event is sent, so
    /// an answer the client saw complete is never lost; one cut short is stored as incomplete or failed.
    static func stream(
        _ reply: UpstreamReply, builder: ResponseBuilder, recorder: ResponseRecorder, provider: String,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        var builder = builder
        var encoder = ResponsesEventEncoder()
        var failure: String?
        do {
            try await writer.write(encoder.encode(builder.start()))
            try await reply.forEachChunk { chunk in
                let events = builder.consume(chunk)
                if !events.isEmpty { try await writer.write(encoder.encode(events)) }
            }
        } catch {
            if Task.isCancelled || error is CancellationError {
                let (_, response) = builder.finish(interrupted: true)
                let text = builder.outputText
                // The request's task is cancelled; the save runs in its own task so it still happens.
                await Task { try? await recorder.save(response, outputText: text) }.value
                throw CancellationError()
            }
            failure = AttemptFailure.midStream(provider: provider, error)
        }
        let (closing, response) = builder.finish(failure: failure)
        try await writer.write(encoder.encode(closing))
        try await recorder.save(response, outputText: builder.outputText)
        try await writer.write(encoder.encode([ResponseItemEvents.final(response)]))
    }
}

/// Stores a finished response with the request's input items (when the request asked to store).
struct ResponseRecorder: Sendable {
    let store: ResponseStore
    let principal: String
    let request: ResponsesRequest

    func save(_ response: JSONValue, outputText: String) async throws {
        guard request.store, let id = response["id"]?.stringValue else { return }
        let firstUserText = request.inputItems.first { $0["role"] == "user" }?["content"]?.arrayValue?
            .compactMap { $0["text"]?.stringValue }.joined(separator: " ") ?? ""
        try await store.save(NewStoredResponse(
            id: id, principal: principal, model: request.model, status: response["status"]?.stringValue ?? "completed",
            previousResponseID: request.previousResponseID, createdAt: response["created_at"]?.intValue ?? 0, object: response,
            inputItems: request.inputItems, preview: outputText, firstUserText: firstUserText))
    }
}
