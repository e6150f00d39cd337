import Tracing

/// How often Prism polls a provider's task (SPEC §5): 1 s at first, backing off to at most 5 s, never
/// faster than every 0.5 s.
public struct PollSchedule: Sendable {
    public private(set) var interval: Duration

    public init(first: Duration = .seconds(1)) {
        interval = max(first, .milliseconds(500))
    }

    /// The wait before the next poll; each call backs off by half again, up to 5 s.
    public mutating func next() -> Duration {
        let current = interval
        interval = min(interval * 3 / 2, .seconds(5))
        return current
    }
}

extension PollSchedule {
    /// Calls `poll` after each of the schedule's waits until it returns a result (a finished task);
    /// `poll` reports progress on the way and throws when the task failed. Each poll is a span of its own
    /// (SPEC §14; the no-op tracer's unless tracing is on).
    public static func poll<Result>(first: Duration, _ poll: () async throws -> Result?) async throws -> Result {
        var schedule = PollSchedule(first: first)
        while true {
            try await Task.sleep(for: schedule.next())
            let span = InstrumentationSystem.tracer.startSpan("job poll", context: ServiceContext.current ?? .topLevel, ofKind: .client)
            let result: Result?
            do {
                result = try await poll()
            } catch {
                span.recordError(error)
                span.end()
                throw error
            }
            span.end()
            if let result { return result }
        }
    }
}
