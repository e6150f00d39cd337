import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// Sends due webhook deliveries (SPEC §15): leases them from the outbox (each attempt is made by one
/// replica), sends up to `concurrency` at once off the request path, and records each attempt — delivered on
/// a 2xx, stopped on 410, else due again after the schedule's next wait, or failed once it has run out.
/// It wakes when the outbox rings (an event was written in this process) and polls once a second otherwise
/// (events of other replicas, retries coming due). It runs from start-up to shutdown; deliveries survive
/// restarts because they live in the outbox.
struct WebhookDispatcher: Service, CustomStringConvertible {
    /// Logged by ServiceLifecycle by this name.
    var description: String { "WebhookDispatcher" }
    /// Where due deliveries are leased.
    let outbox: any WebhookOutbox
    /// Makes each attempt.
    let sender: WebhookSender
    /// When a failed one is tried again.
    let schedule: WebhookSchedule
    /// This replica, as the outbox's lease owner.
    let owner: String
    /// One line per attempt.
    let logger: Logger
    var concurrency = 32
    /// Whether other replicas share the outbox: only then may a lease found at start-up be someone else's.
    var shared = false
    /// Told of each attempt, delivered or not (`prism_webhook_deliveries_total`).
    var counted: @Sendable (_ delivered: Bool) -> Void = { _ in }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            if !shared {
                do {
                    try await outbox.releaseLeases()
                } catch {
                    logger.error("Webhook deliveries held by the last run could not be released; they are sent once their leases run out: \(error)")
                }
            }
            await dispatch()
        }
    }

    /// Leases and sends until cancelled.
    func dispatch() async {
        let inFlight = InFlight()
        // A lease outlives the slowest attempt (the timeout), so nobody else takes a delivery being sent.
        let leaseSeconds = sender.timeoutSeconds + 30
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = concurrency - inFlight.count.withLock { $0 }
                var leased: [WebhookDelivery] = []
                if free > 0 {
                    let now = Date().timeIntervalSince1970
                    do {
                        leased = try await outbox.lease(owner: owner, now: now, until: now + leaseSeconds, limit: free)
                    } catch where !Task.isCancelled {
                        logger.error("Due webhook deliveries could not be looked up: \(error)")
                    } catch {
                        return
                    }
                }
                for delivery in leased {
                    inFlight.count.withLock { $0 += 1 }
                    group.addTask {
                        await attempt(delivery)
                        inFlight.count.withLock { $0 -= 1 }
                        outbox.signal.ring()
                    }
                }
                // A full batch may have left more due behind it: look again at once.
                if free == 0 || leased.count < free { await outbox.signal.wait(atMost: .seconds(1)) }
            }
        }
    }

    /// One attempt of `delivery`, and what it means for the next.
    func attempt(_ delivery: WebhookDelivery) async {
        let outcome = await sender.send(delivery)
        let status: WebhookDelivery.Status
        var next: Double?
        if outcome.delivered {
            status = .delivered
        } else if outcome.gone {
            status = .stopped
        } else if let delay = schedule.delay(afterFailures: delivery.attempts.count + 1) {
            status = .pending
            next = outcome.attempt.at + delay
        } else {
            status = .failed
        }
        let reason = outcome.attempt.error.map { ": \($0)" } ?? ""
        let line = "Webhook \(delivery.eventType) \(delivery.eventID) to \(delivery.url) \(status.rawValue)\(reason) (delivery \(delivery.id), attempt \(delivery.attempts.count + 1))"
        if status == .delivered { logger.info("\(line)") } else { logger.warning("\(line)") }
        counted(status == .delivered)
        do {
            // Recorded from a task of its own: a shutdown that cancels the attempt must not drop its record.
            try await Task { try await outbox.attempted(delivery.id, attempt: outcome.attempt, status: status, nextAttemptAt: next) }.value
        } catch {
            // The lease runs out and the delivery is attempted again: at least once, never lost.
            logger.error("Webhook delivery \(delivery.id): its attempt could not be recorded: \(error)")
        }
    }
}

/// How many attempts are under way, shared by the dispatcher's loop and its attempts.
private final class InFlight: Sendable {
    let count = Mutex(0)
}
