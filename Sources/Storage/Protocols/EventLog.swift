import Foundation

/// The events of background responses as they happen (SPEC §15), one row per event, so a client can resume
/// a stream from any sequence number — replaying what is stored, then following what comes — through any
/// replica, and after a restart.
///
/// ```swift
/// try await log.append([LoggedEvent(streamID: "resp_1", sequence: 0, type: "response.created", data: json, isFinal: false)])
/// for try await event in log.follow(streamID: "resp_1", after: 3, isOver: { false }) { send(event) }
/// ```
///
/// Writers batch: one `append` carries whatever gathered, of any number of streams, in one transaction.
public protocol EventLog: Sendable {
    /// Writes `events` in one transaction, then wakes the followers of their streams.
    func append(_ events: [LoggedEvent]) async throws
    /// The events of `streamID` after `sequence` (`nil`: from the first), in order, at most `limit`.
    func events(of streamID: String, after sequence: Int?, limit: Int) async throws -> [LoggedEvent]
    /// The highest sequence number of `streamID` and whether that event ends it; `nil` when it has none.
    func last(of streamID: String) async throws -> (sequence: Int, isFinal: Bool)?
    /// The streams whose last event does not end them (work a stopped process left behind).
    func unfinished() async throws -> [String]
    /// Deletes the events of streams whose response is no longer stored (after a response was deleted, so its
    /// text does not outlive it); returns how many went.
    @discardableResult
    func deleteOrphans() async throws -> Int
    /// Where this log announces its writes, for `follow`.
    var changes: JobChanges { get }
}

/// One stored event of a stream: its number, its SSE event name and its JSON text.
public struct LoggedEvent: Sendable, Equatable {
    public let streamID: String
    public let sequence: Int
    public let type: String
    public let data: String
    /// The stream's last event (`response.completed`, `…failed`, `…incomplete`, `…cancelled`).
    public let isFinal: Bool

    public init(streamID: String, sequence: Int, type: String, data: String, isFinal: Bool) {
        self.streamID = streamID
        self.sequence = sequence
        self.type = type
        self.data = data
        self.isFinal = isFinal
    }
}

extension EventLog {
    /// The events of `streamID` after `sequence`: those stored at once, then each new one as it is written,
    /// ending after the final event — or, when no event comes, as soon as `isOver` says the stream will not
    /// continue (its work ended without a final event: a restart, or a replica that died).
    public func follow(streamID: String, after sequence: Int?, isOver: @escaping @Sendable () async throws -> Bool) -> AsyncThrowingStream<LoggedEvent, any Error> {
        let wakeUps = changes.wakeUps(for: streamID)
        return AsyncThrowingStream { continuation in
            let task = Task {
                var last = sequence
                do {
                    for await _ in wakeUps {
                        var ended = false
                        while true {
                            let batch = try await self.events(of: streamID, after: last, limit: 500)
                            for event in batch {
                                continuation.yield(event)
                                last = event.sequence
                                if event.isFinal { ended = true }
                            }
                            if batch.count < 500 || ended { break }
                        }
                        if ended { break }
                        if try await isOver() {
                            // One more look: the final event may have been written just before the check.
                            for event in try await self.events(of: streamID, after: last, limit: 500) { continuation.yield(event) }
                            break
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
