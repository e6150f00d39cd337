import Foundation
import Logging
import Media
import PrismShared
import Storage

/// Where webhook events are made (SPEC §15): each event goes to the operator's `WEBHOOK_URL` (every event
/// of every principal) and to the `webhook_url` of the request that caused it, through the outbox.
///
/// The entry point for any part of Prism that has something to announce — for example a budget that ran out:
///
/// ```swift
/// await webhooks.record(type: "budget.exceeded", data: ["id": .string(keyID), "budget_usd": 5], principal: keyID, url: nil)
/// ```
///
/// A job's end is announced by `JobRunner` through `jobEnded(_:media:)`, in the transaction that records the
/// end; anything else is recorded in a transaction of its own by `record`. Sending is the dispatcher's work:
/// nothing here waits on a receiver.
struct WebhookEvents: Sendable {
    /// Every type Prism sends.
    static let types = [
        "job.succeeded", "job.failed", "job.cancelled", "response.completed", "response.failed", "response.cancelled", "response.incomplete",
        "budget.exceeded",
    ]

    let outbox: any WebhookOutbox
    /// `WEBHOOK_URL`, the operator's endpoint.
    let operatorURL: String?
    let links: MediaLinks
    let logger: Logger

    /// The event of `type` about `data` (a job or response object, without large outputs), to the operator's
    /// URL and to `url` (a client's own, guarded when called); `nil` when it has nowhere to go.
    func event(type: String, data: JSONValue, principal: String?, url: String?) -> WebhookEvent? {
        var targets: [WebhookTarget] = operatorURL.map { [WebhookTarget(url: $0, guarded: false)] } ?? []
        if let url, url != operatorURL { targets.append(WebhookTarget(url: url, guarded: true)) }
        guard !targets.isEmpty else { return nil }
        let id = Identifier.make("evt")
        let now = Date().timeIntervalSince1970
        let body: JSONValue = ["id": .string(id), "object": "event", "type": .string(type), "created_at": JSONValue(Int(now)), "data": data]
        return WebhookEvent(id: id, type: type, principal: principal, createdAt: now, body: body, targets: targets)
    }

    /// Records an event in a transaction of its own; returns its id, `nil` when it had nowhere to go or
    /// could not be recorded (which is logged: an announcement never fails the work it announces).
    @discardableResult
    func record(type: String, data: JSONValue, principal: String?, url: String?) async -> String? {
        guard let event = event(type: type, data: data, principal: principal, url: url) else { return nil }
        return await record(event)
    }

    /// Records an event made by `event(…)` in a transaction of its own; returns its id, `nil` when it could not be.
    @discardableResult
    func record(_ event: WebhookEvent) async -> String? {
        do {
            try await outbox.record(event)
            return event.id
        } catch {
            logger.error("The webhook event \(event.type) for \(event.principal ?? "nobody") could not be recorded: \(error)")
            return nil
        }
    }

    /// The events of a job's end — `job.succeeded`, `job.failed` or `job.cancelled` with the job object —
    /// for `JobStore.finish` to write with it.
    func jobEnded(_ job: JobRecord, media: [MediaRecord]) -> [WebhookEvent] {
        guard job.status.isFinished else { return [] }
        let url = job.request?[JobAnnotations.webhookURLKey]?.stringValue
        return event(type: "job.\(job.status.rawValue)", data: JobObject.json(job, media: media, links: links), principal: job.principal, url: url)
            .map { [$0] } ?? []
    }
}
