import Foundation
import PrismShared
import Storage
import Testing

/// An event for `targets`, created at `at`.
func webhookEvent(_ id: String, type: String = "job.succeeded", at: Double = 1_000, targets: [String] = ["https://hooks.example/a"]) -> WebhookEvent {
    WebhookEvent(
        id: id, type: type, principal: "alice", createdAt: at,
        body: ["id": .string(id), "object": "event", "type": .string(type), "created_at": JSONValue(Int(at)), "data": ["id": "job_1"]],
        targets: targets.map { WebhookTarget(url: $0, guarded: $0.contains("client")) })
}

extension StoreConformanceTests {
    @Test("an event becomes one pending delivery per target, due at once, carrying the body as it will be signed", arguments: Backend.allCases)
    func webhookRecord(backend: Backend) async throws {
        try await backend.withStores { stores in
            let event = webhookEvent("evt_1", targets: ["https://hooks.example/admin", "https://client.example/hook"])
            try await stores.webhooks.record(event)
            let page = try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: nil)
            #expect(page.items.map(\.url) == ["https://client.example/hook", "https://hooks.example/admin"] && !page.hasMore)
            let delivery = try #require(page.items.first)
            #expect(delivery.id.hasPrefix("whd_") && delivery.eventID == "evt_1" && delivery.eventType == "job.succeeded" && delivery.guarded)
            #expect(delivery.status == .pending && delivery.nextAttemptAt == 1_000 && delivery.attempts.isEmpty)
            #expect(try JSONValue.parse(delivery.body) == event.body)
            #expect(try await stores.webhooks.delivery(id: delivery.id) == delivery)
            #expect(try await stores.webhooks.delivery(id: "whd_none") == nil)
        }
    }

    @Test("a lease takes due deliveries once, oldest first, until it runs out; an attempt releases it", arguments: Backend.allCases)
    func webhookLease(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.webhooks.record(webhookEvent("evt_late", at: 2_000))
            try await stores.webhooks.record(webhookEvent("evt_early", at: 1_000))
            #expect(try await stores.webhooks.lease(owner: "a", now: 999, until: 1_030, limit: 10).isEmpty)
            let first = try await stores.webhooks.lease(owner: "a", now: 2_000, until: 2_030, limit: 10)
            #expect(first.map(\.eventID) == ["evt_early", "evt_late"])
            #expect(try await stores.webhooks.lease(owner: "b", now: 2_010, until: 2_040, limit: 10).isEmpty)
            let delivery = try #require(first.first)
            let failure = WebhookAttempt(at: 2_001, status: 500, durationMS: 12, error: "the receiver answered 500")
            try await stores.webhooks.attempted(delivery.id, attempt: failure, status: .pending, nextAttemptAt: 2_005)
            // Released and due again at 2005; the other one is still held by "a" until 2030.
            #expect(try await stores.webhooks.lease(owner: "b", now: 2_004, until: 2_040, limit: 10).isEmpty)
            let again = try await stores.webhooks.lease(owner: "b", now: 2_005, until: 2_040, limit: 10)
            #expect(again.map(\.id) == [delivery.id] && again.first?.attempts == [failure])
            // A lease that ran out is taken by another.
            #expect(try await stores.webhooks.lease(owner: "c", now: 2_031, until: 2_060, limit: 10).map(\.eventID) == ["evt_late"])
            // Released (a restart on a database of its own), both held ones are due again at once, by due time.
            try await stores.webhooks.releaseLeases()
            #expect(try await stores.webhooks.lease(owner: "d", now: 2_032, until: 2_060, limit: 10).map(\.eventID) == ["evt_late", "evt_early"])
        }
    }

    @Test("final outcomes stay out of leases; a retry makes any delivery due now again", arguments: Backend.allCases)
    func webhookOutcomes(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.webhooks.record(webhookEvent("evt_1", targets: ["https://a.example", "https://b.example", "https://c.example"]))
            let leased = try await stores.webhooks.lease(owner: "a", now: 1_000, until: 1_030, limit: 10)
            #expect(leased.count == 3)
            let outcomes: [WebhookDelivery.Status] = [.delivered, .stopped, .failed]
            for (delivery, status) in zip(leased, outcomes) {
                try await stores.webhooks.attempted(delivery.id, attempt: WebhookAttempt(at: 1_001, status: 200, durationMS: 3, error: nil), status: status, nextAttemptAt: nil)
            }
            #expect(try await stores.webhooks.lease(owner: "a", now: 9_999, until: 10_030, limit: 10).isEmpty)
            #expect(try await stores.webhooks.deliveries(status: .stopped, eventType: nil, limit: 10, after: nil).items.map(\.id) == [leased[1].id])
            let retried = try #require(try await stores.webhooks.retry(leased[2].id, now: 5_000))
            #expect(retried.status == .pending && retried.nextAttemptAt == 5_000 && retried.attempts.count == 1)
            #expect(try await stores.webhooks.lease(owner: "b", now: 5_000, until: 5_030, limit: 10).map(\.id) == [leased[2].id])
            #expect(try await stores.webhooks.retry("whd_none", now: 5_000) == nil)
        }
    }

    @Test("deliveries list newest first, filter by status and event type, and page by cursor", arguments: Backend.allCases)
    func webhookList(backend: Backend) async throws {
        try await backend.withStores { stores in
            for index in 0..<4 { try await stores.webhooks.record(webhookEvent("evt_\(index)", type: index % 2 == 0 ? "job.succeeded" : "job.failed")) }
            let first = try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 3, after: nil)
            #expect(first.items.map(\.eventID) == ["evt_3", "evt_2", "evt_1"] && first.hasMore)
            let rest = try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 3, after: first.items.last?.id)
            #expect(rest.items.map(\.eventID) == ["evt_0"] && !rest.hasMore)
            #expect(try await stores.webhooks.deliveries(status: .pending, eventType: "job.failed", limit: 10, after: nil).items.map(\.eventID) == ["evt_3", "evt_1"])
            #expect(try await stores.webhooks.deliveries(status: .delivered, eventType: nil, limit: 10, after: nil).items.isEmpty)
            await #expect(throws: StoreError.unknownCursor("whd_none")) {
                try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: "whd_none")
            }
        }
    }

    @Test("a job's end and its webhook event are one transaction, and the event rings the outbox", arguments: Backend.allCases)
    func webhookWithJobEnd(backend: Backend) async throws {
        try await backend.withStores { stores in
            var job = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            job.status = .succeeded
            job.finishedAt = 1_000
            job.mediaIDs = ["media_1"]
            // A media row that already exists makes the transaction fail: neither the end nor the event is kept.
            try await stores.media.insert(mediaRecord("media_1", jobID: job.id))
            await #expect(throws: (any Error).self) {
                try await stores.jobs.finish(job, media: [mediaRecord("media_1", jobID: job.id)], events: [webhookEvent("evt_job")])
            }
            #expect(try await stores.jobs.job(id: job.id, owner: nil)?.status == .queued)
            #expect(try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: nil).items.isEmpty)

            try await stores.jobs.finish(job, media: [], events: [webhookEvent("evt_job")])
            #expect(try await stores.jobs.job(id: job.id, owner: nil)?.status == .succeeded)
            #expect(try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: nil).items.map(\.eventID) == ["evt_job"])
            // The ring is waiting: this returns at once rather than after the hour.
            await stores.webhooks.signal.wait(atMost: .seconds(3600))
        }
    }

    @Test("a response's state and the webhook event announcing it are one transaction, and the event rings the outbox", arguments: Backend.allCases)
    func webhookWithResponse(backend: Backend) async throws {
        try await backend.withStores { stores in
            // An event id that exists already makes the transaction fail: neither the state nor the event is kept.
            try await stores.webhooks.record(webhookEvent("evt_taken"))
            await stores.webhooks.signal.wait(atMost: .seconds(3600))  // its ring, taken here
            var clash = storedResponse("resp_clash", status: "completed")
            clash.webhookEvents = [webhookEvent("evt_taken")]
            await #expect(throws: (any Error).self) { try await stores.responses.save(clash) }
            #expect(try await stores.responses.response(id: "resp_clash", scope: .everything) == nil)

            var ended = storedResponse("resp_hooked", status: "completed")
            ended.webhookEvents = [webhookEvent("evt_response")]
            try await stores.responses.save(ended)
            #expect(try await stores.responses.response(id: "resp_hooked", scope: .everything)?["status"] == "completed")
            #expect(try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: nil).items.map(\.eventID) == ["evt_response", "evt_taken"])
            // The save's ring is waiting: this returns at once rather than after the hour.
            await stores.webhooks.signal.wait(atMost: .seconds(3600))
        }
    }
}
