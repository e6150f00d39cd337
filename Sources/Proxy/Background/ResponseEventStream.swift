import Hummingbird
import NIOCore
import PrismShared
import ServiceLifecycle
import Storage

/// A background response's events as SSE (SPEC §15): those stored after `starting_after`, then each new one,
/// until the final event. When its work ended without writing one (Prism restarted, a replica died, or a
/// media job finished the response while nobody ran it), the final event is made from the stored response.
struct ResponseEventStream: Sendable {
    /// The responses and their event log.
    let background: BackgroundResponses

    /// The SSE answer for the response `id` (visible to `scope`) from after `after` (`nil`: from the first event).
    func response(_ id: String, scope: Scope, after: Int?, request: Request) -> Response {
        let (log, store, background) = (background.log, background.store, self.background)
        let isOver: @Sendable () async throws -> Bool = {
            guard !background.isRunning(id), let stored = try await store.response(id: id, scope: scope) else { return !background.isRunning(id) }
            return Self.isFinished(stored)
        }
        // Nothing to cancel when the client leaves (the work goes on), so the connection stays open for its next request.
        return SSEResponse.make(request: request, watchInbound: false) { writer in
            var last = after ?? -1
            var ended = false
            // Batches of events, and an empty one every 15 s, in one sequence: a long silence (a media job) still
            // sends a keep-alive. Run here, its events come as they are made, straight from the running work;
            // elsewhere or over, a task reads them from the log.
            let (batches, sink) = AsyncThrowingStream<[LoggedEvent], any Error>.makeStream()
            let reader: Task<Void, Never>? = background.live.follow(id, after: after, into: sink) ? nil : Task {
                do {
                    for try await event in log.follow(streamID: id, after: after, isOver: isOver) { sink.yield([event]) }
                    sink.finish()
                } catch {
                    sink.finish(throwing: error)
                }
            }
            let ticker = Task {
                while (try? await Task.sleep(for: Self.keepAlive)) != nil { sink.yield([]) }
            }
            defer {
                reader?.cancel()
                ticker.cancel()
                sink.finish()
            }
            // A client that left is noticed at the next write only (the connection is not watched), so a server
            // that stops ends its followers itself: the stop waits for open answers, and a silent one could hold
            // it for a keep-alive period. They resume elsewhere with starting_after.
            try await withGracefulShutdownHandler {
                for try await batch in batches {
                    guard !batch.isEmpty else {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        continue
                    }
                    var buffer = ByteBuffer()
                    for event in batch {
                        buffer.writeString("event: \(event.type)\ndata: \(event.data)\n\n")
                        last = event.sequence
                        ended = event.isFinal
                    }
                    try await writer.write(buffer)
                    if ended { break }
                }
            } onGracefulShutdown: {
                sink.finish(throwing: CancellationError())
            }
            guard !ended, let stored = try await store.response(id: id, scope: scope) else { return }
            let final = BackgroundResponses.final(stored)
            try await writer.write(ByteBuffer(string: "event: \(final.type)\ndata: \(final.json(sequenceNumber: last + 1).serialized())\n\n"))
        }
    }

    /// How often a silent stream says it is alive (SPEC §5's 15 s), so proxies do not cut it.
    static let keepAlive = Duration.seconds(15)

    /// Whether a stored response has ended (completed, failed, incomplete or cancelled).
    static func isFinished(_ response: JSONValue) -> Bool {
        ["completed", "failed", "incomplete", "cancelled"].contains(response["status"]?.stringValue ?? "")
    }
}
