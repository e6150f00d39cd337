import Foundation
import Logging
import Media
import PrismShared
import Storage
import Synchronization

/// Background responses (SPEC §15, OpenAI semantics): `POST /v1/responses` with `background: true` is answered
/// at once with the stored response `queued`, and the work goes on in a task of its own. Every event is
/// written to the event log as it happens (batched by `EventLogWriter`), so a client can follow or resume it
/// from any sequence number; the end is stored, then announced by webhook. `cancel` stops it (and its media
/// job) and stores it `cancelled`.
final class BackgroundResponses: Sendable {
    /// One row per event of every background response.
    let log: any EventLog
    /// The stored responses, queued, working and ended.
    let store: any ResponseStore
    /// Media jobs, cancelled with their response.
    let runner: JobRunner
    /// Where a response's end is announced.
    let webhooks: WebhookEvents
    /// Where failures to store are said.
    let logger: Logger
    private let writer: EventLogWriter
    /// Writes each response's ledger row when its work ends (SPEC §13).
    let usage: UsageObserver?
    /// The running responses' events, for followers in this process.
    let live = LiveEvents()
    private struct Running {
        let task: Task<Void, Never>
        /// The media job the response waits for, cancelled with it.
        let jobID: String?
    }

    private let running = Mutex<[String: Running]>([:])
    /// Set when the application stops: work cut then ends `incomplete`, not `cancelled`.
    private let stopping = Mutex(false)

    init(log: any EventLog, store: any ResponseStore, runner: JobRunner, webhooks: WebhookEvents, usage: UsageObserver? = nil, logger: Logger) {
        self.usage = usage
        self.log = log
        self.store = store
        self.runner = runner
        self.webhooks = webhooks
        self.logger = logger
        writer = EventLogWriter(log: log, logger: logger)
    }

    /// Stores the response `queued`, starts its work and returns the stored object.
    func start(
        _ source: AnswerSource, builder: ResponseBuilder, recorder: ResponseRecorder, provider: String, webhookURL: String?, record: DecisionRecord? = nil
    ) async throws -> JSONValue {
        let queued = builder.snapshot(status: "queued")
        try await recorder.save(queued, outputText: "")
        let id = builder.id
        live.open(id)
        // Its tokens are known when the work ends, long after this request's answer.
        record?.usage.deferRow()
        // Registered under the lock before it can run, so a cancel that follows at once finds it.
        running.withLock { running in
            let task = Task.detached { [self] in
                let status = await self.run(source, builder: builder, recorder: recorder, provider: provider, webhookURL: webhookURL)
                // A media job writes its own row.
                if let record, !record.usage.isMeteredByJob { self.usage?.finishedLater(record, status: status) }
                _ = self.running.withLock { $0.removeValue(forKey: id) }
                self.live.close(id)
            }
            running[id] = Running(task: task, jobID: source.jobID)
        }
        return queued
    }

    /// Whether this process is working on the response `id` now.
    func isRunning(_ id: String) -> Bool { running.withLock { $0[id] != nil } }

    /// Stops the response `id` if this process runs it (its media job too) and waits until its end is
    /// stored; returns whether it was running here.
    func cancel(_ id: String) async -> Bool {
        guard let work = running.withLock({ $0[id] }) else { return false }
        // The response first, so it ends cancelled rather than failed by its job's end.
        work.task.cancel()
        await work.task.value
        if let jobID = work.jobID { _ = try? await runner.cancel(id: jobID, owner: nil) }
        return true
    }

    /// Ends every response this process works on as `incomplete` (the application is stopping) and waits
    /// until each end is stored.
    func stopAll() async {
        let tasks = stopping.withLock { stopping in
            stopping = true
            return running.withLock { $0.values.map(\.task) }
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Runs the response to its end; answers the status its ledger row records.
    private func run(_ source: AnswerSource, builder: ResponseBuilder, recorder: ResponseRecorder, provider: String, webhookURL: String?) async -> Int {
        var builder = builder
        var sequence = 0
        // Read once: `builder` is borrowed by `drive` while its events are logged.
        let id = builder.id
        func logged(_ events: [ResponseEvent], final: Bool) -> [LoggedEvent] {
            events.enumerated().map { offset, event in
                defer { sequence += 1 }
                return LoggedEvent(
                    streamID: id, sequence: sequence, type: event.type, data: event.json(sequenceNumber: sequence).serialized(),
                    isFinal: final && offset == events.count - 1)
            }
        }
        // Stored `queued` until its end: polling this process shows it in_progress while it runs (one write
        // fewer per response), other replicas show it queued, which SPEC §15 allows as well.
        emit(logged(builder.start(), final: false))
        var failure: String?
        var cancelled = false
        do {
            try await source.drive(&builder) { events in emit(logged(events, final: false)) }
        } catch {
            if Task.isCancelled || error is CancellationError {
                cancelled = true
            } else {
                failure = (error as? GatewayError)?.message ?? AttemptFailure.midStream(provider: provider, error)
            }
        }
        let interrupted = cancelled && stopping.withLock { $0 }
        var (closing, response) = builder.finish(failure: failure, interrupted: interrupted)
        if cancelled && !interrupted {
            response["status"] = "cancelled"
            response["incomplete_details"] = .null
        }
        let final = closing + [Self.final(response)]
        let (outputText, events) = (builder.outputText, logged(final, final: true))
        // Followers here get the end at once; the log gets the events before the stored end, so a follower
        // elsewhere that sees the stored end has the final events to read (a poll may see in_progress for a
        // batch window longer). The end and its webhook event are one transaction (the outbox). From a task of
        // its own: a cancelled task refuses database work.
        live.publish(events, of: id)
        let announcement = announcement(response, principal: recorder.principal, url: webhookURL)
        await Task { [writer] in
            await writer.addAndWait(events)
            do {
                try await recorder.save(response, outputText: outputText, webhookEvents: announcement.map { [$0] } ?? [])
            } catch {
                self.logger.error("Background response \(response["id"]?.stringValue ?? ""): its end could not be stored: \(error)")
            }
        }.value
        return failure != nil ? 502 : cancelled ? 499 : 200
    }

    /// Events as they are made: to this process's followers at once, to the event log in its next batch.
    private func emit(_ events: [LoggedEvent]) {
        guard let id = events.first?.streamID else { return }
        live.publish(events, of: id)
        writer.add(events)
    }

    /// The last event of a response's stream, by its status.
    static func final(_ response: JSONValue) -> ResponseEvent {
        response["status"] == "cancelled" ? ResponseEvent("response.cancelled", ["response": response]) : ResponseItemEvents.final(response)
    }

    /// A media job completed the stored response `response`: when no task of this process runs it (Prism
    /// restarted while its job ran), its end is announced here, once.
    func jobCompleted(_ job: JobRecord, response: JSONValue) async {
        guard response["background"] == true, let id = response["id"]?.stringValue, !isRunning(id) else { return }
        await announce(response, principal: job.principal, url: nil)
    }

    /// Records `announcement(…)` in a transaction of its own, for ends stored without it.
    func announce(_ response: JSONValue, principal: String?, url: String?) async {
        guard let event = announcement(response, principal: principal, url: url) else { return }
        await webhooks.record(event)
    }

    /// `response.completed|failed|cancelled|incomplete` with the response without its output (SPEC §15); `nil`
    /// when it has nowhere to go.
    func announcement(_ response: JSONValue, principal: String?, url: String?) -> WebhookEvent? {
        guard let status = response["status"]?.stringValue else { return nil }
        var data = JSONObject()
        for key in ["id", "object", "created_at", "status", "background", "model", "error", "incomplete_details", "metadata", "usage"] {
            data[key] = response[key]
        }
        return webhooks.event(type: "response.\(status)", data: .object(data), principal: principal, url: url)
    }
}
