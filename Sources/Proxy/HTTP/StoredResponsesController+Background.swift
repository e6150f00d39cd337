import Foundation
import Hummingbird
import NIOCore
import PrismShared
import Storage

/// Streaming a stored response again, resumable with `starting_after` (SPEC §6, §15), and cancelling a
/// background one.
extension StoredResponsesController {
    /// A background response follows its event log from `starting_after`; any other is replayed from its
    /// stored object. `starting_after` must be a whole number no greater than the last event's.
    func stream(_ response: JSONValue, id: String, request: Request, scope: Scope) async throws -> Response {
        let after = try Self.startingAfter(request)
        if response["background"] == true {
            if let after {
                var last = background.live.lastSequence(of: id)
                if last == nil { last = try await background.log.last(of: id)?.sequence ?? -1 }
                guard let last, after <= last else { throw Self.beyond(after, last: last ?? -1) }
            }
            return ResponseEventStream(background: background).response(id, scope: scope, after: after, request: request)
        }
        let events = ResponseItemEvents.replay(response)
        if let after, after >= events.count { throw Self.beyond(after, last: events.count - 1) }
        var buffer = ByteBuffer()
        for (sequence, event) in events.enumerated() where sequence > (after ?? -1) {
            ServerSentEvent(event: event.type, data: event.json(sequenceNumber: sequence).serialized()).write(to: &buffer)
        }
        return Response(status: .ok, headers: SSEResponse.headers, body: .init(byteBuffer: buffer))
    }

    /// `POST /v1/responses/{id}/cancel`: a background response that is still working ends `cancelled`; one that
    /// already ended is answered unchanged. Only background responses can be cancelled (as in OpenAI's API).
    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        let scope = Scope(context.principal)
        guard var response = try await store.response(id: id, scope: scope) else { throw Self.notFound(id) }
        guard response["background"] == true else {
            throw GatewayError.invalidRequest(
                "The response \(id) was not created with background: true, and only background responses can be cancelled.", code: "not_cancellable")
        }
        guard !ResponseEventStream.isFinished(response) else { return JSONResponse.make(response) }
        if await background.cancel(id) {
            return JSONResponse.make(try await store.response(id: id, scope: scope) ?? response)
        }
        // Nobody here works on it (it was cut by a restart, or runs on another replica): it ends now.
        response["status"] = "cancelled"
        try await store.complete(id: id, object: response, preview: "")
        await background.announce(response, principal: context.principal.id, url: nil)
        return JSONResponse.make(response)
    }

    private static func startingAfter(_ request: Request) throws(GatewayError) -> Int? {
        guard let raw = request.uri.queryParameters.get("starting_after"), !raw.isEmpty else { return nil }
        guard let value = Int(raw), value >= 0 else {
            throw .invalidRequest("starting_after is \(raw.prefix(20)); use the sequence_number of the last event you received.", code: "invalid_value",
                                  param: "starting_after")
        }
        return value
    }

    private static func beyond(_ after: Int, last: Int) -> GatewayError {
        .invalidRequest(
            "starting_after is \(after), beyond the last event (\(last < 0 ? "there is none yet" : "number \(last)")); use the sequence_number of an event you received.",
            code: "invalid_value", param: "starting_after")
    }
}
