import Hummingbird
import NIOCore
import PrismShared
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
        return SSEResponse.make(request: request) { writer in
            var last = after ?? -1
            var ended = false
            // Events and a tick every 15 s in one sequence: a long silence (a media job) still sends a keep-alive.
            enum Step: Sendable { case event(LoggedEvent), tick }
            let (steps, sink) = AsyncThrowingStream<Step, any Error>.makeStream()
            let events = Task {
                do {
                    // Run here: its events as they are made. Elsewhere or over: from the log.
                    if let live = background.live.follow(id, after: after) {
                        for await event in live {
                            sink.yield(.event(event))
                            if event.isFinal { break }
                        }
                    } else {
                        for try await event in log.follow(streamID: id, after: after, isOver: isOver) { sink.yield(.event(event)) }
                    }
                    sink.finish()
                } catch {
                    sink.finish(throwing: error)
                }
            }
            let ticker = Task {
                while (try? await Task.sleep(for: Self.keepAlive)) != nil { sink.yield(.tick) }
            }
            defer {
                events.cancel()
                ticker.cancel()
            }
            for try await step in steps {
                switch step {
                case .tick:
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .event(let event):
                    try await writer.write(ByteBuffer(string: "event: \(event.type)\ndata: \(event.data)\n\n"))
                    last = event.sequence
                    ended = event.isFinal
                }
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
