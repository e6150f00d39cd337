import Synchronization

/// The webhook outbox (SPEC §15, ARCHITECTURE's outbox pattern): events and their deliveries, leased by a
/// dispatcher, attempted, and retried on a durable schedule.
///
/// ```swift
/// try await outbox.record(event)                     // or JobStore.finish(job, media:, events: [event])
/// for delivery in try await outbox.lease(owner: "replica_a", now: now, until: now + 30, limit: 16) {
///     let attempt = send(delivery)
///     try await outbox.attempted(delivery.id, attempt: attempt, status: .delivered, nextAttemptAt: nil)
/// }
/// ```
///
/// An event of a job's end is written in the same transaction as that end (`JobStore.finish`); every write
/// that adds work rings `signal`, so the dispatcher of this process starts at once instead of at its next poll.
public protocol WebhookOutbox: Sendable {
    /// Records `event` and one pending delivery per target, due now, in one transaction.
    func record(_ event: WebhookEvent) async throws
    /// Takes up to `limit` pending deliveries due at `now` that nobody holds (or whose hold ran out), oldest
    /// first, for `owner` until `until`; on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so each attempt is made
    /// by one replica.
    func lease(owner: String, now: Double, until: Double, limit: Int) async throws -> [WebhookDelivery]
    /// Records one attempt of the delivery `id` and where it stands now (`pending` with the next attempt's
    /// time, or final); releases its lease.
    func attempted(_ id: String, attempt: WebhookAttempt, status: WebhookDelivery.Status, nextAttemptAt: Double?) async throws
    /// Drops every lease: at start-up on a database no other process uses, the leases left are those of a
    /// process that stopped mid-attempt, and their deliveries are due again at once rather than when the
    /// leases run out.
    func releaseLeases() async throws
    /// Makes the delivery `id` due now, whatever its status; returns it, `nil` when there is none.
    func retry(_ id: String, now: Double) async throws -> WebhookDelivery?
    /// The delivery `id`.
    func delivery(id: String) async throws -> WebhookDelivery?
    /// Deliveries newest first, filtered by status and event type; `after` is a delivery id
    /// (`StoreError.unknownCursor` when unknown).
    func deliveries(status: WebhookDelivery.Status?, eventType: String?, limit: Int, after: String?) async throws -> Page<WebhookDelivery>
    /// Rung after every write that adds due work, in this process.
    var signal: OutboxSignal { get }
}

/// A doorbell for one waiter (the dispatcher of this process): `ring()` wakes it, or, when it is not
/// waiting, makes its next `wait` return at once, so no ring is lost between two waits.
public final class OutboxSignal: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiter, or leaves word for it.
    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next ring (at once when one came since the last wait), or after `limit`.
    public func wait(atMost limit: Duration) async {
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            self?.ring()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.rung {
                    state.rung = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
