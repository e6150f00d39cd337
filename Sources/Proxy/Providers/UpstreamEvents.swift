import AsyncHTTPClient
import NIOCore
import PrismShared

/// What an upstream stream produces, as Prism reads it.
enum UpstreamStreamItem: Sendable {
    /// The events one read of the body completed, in order (often many: an upstream writes them together,
    /// and handing them on together saves a stream hop and a client write per event); `terminated` is false
    /// only for a last event the upstream cut off before its blank line.
    case events([ServerSentEvent], terminated: Bool)
    /// The upstream has been silent for the keep-alive interval: the client should hear a comment.
    case keepAlive
}

extension UpstreamReply {
    /// The upstream's SSE events as they arrive, a batch per read, with a `keepAlive` whenever it has been
    /// silent for `timeouts.keepAliveSeconds`, ending with `UpstreamStreamError.silent` once it has been silent for
    /// `timeouts.streamIdleSeconds` (SPEC §10), as the process's one `StreamWatchdog` notices. The body is
    /// read in a task of its own so silence can end it; dropping the stream (a client that went away)
    /// cancels that task and the upstream request.
    func events() -> AsyncThrowingStream<UpstreamStreamItem, any Error> {
        let (stream, sink) = AsyncThrowingStream<UpstreamStreamItem, any Error>.makeStream()
        let heard = LastHeard()
        let body = self.body
        let reader = Task {
            var parser = ServerSentEventParser()
            do {
                for try await chunk in body {
                    heard.now()
                    let events = parser.feed(chunk)
                    if !events.isEmpty { sink.yield(.events(events, terminated: true)) }
                }
                if let last = parser.finish() { sink.yield(.events([last], terminated: false)) }
                sink.finish()
            } catch {
                sink.finish(throwing: error)
            }
        }
        let provider = self.provider
        let idle = timeouts.streamIdleSeconds
        let token = StreamWatchdog.shared.watch(StreamWatchdog.Stream(
            heard: heard, keepAlive: .seconds(timeouts.keepAliveSeconds), idle: .seconds(idle),
            sayKeepAlive: { sink.yield(.keepAlive) },
            endSilent: {
                sink.finish(throwing: UpstreamStreamError.silent(provider, seconds: idle))
                reader.cancel()
            }))
        sink.onTermination = { _ in
            reader.cancel()
            StreamWatchdog.shared.unwatch(token)
        }
        return stream
    }
}
