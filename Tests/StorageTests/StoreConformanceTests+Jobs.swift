import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    @Test("a job is created queued and leased, and keeps the progress it is saved with", arguments: Backend.allCases)
    func jobProgress(backend: Backend) async throws {
        try await backend.withStores { stores in
            let now = Date().timeIntervalSince1970
            var job = try await stores.jobs.create(
                principal: "alice", model: "video/x", request: ["prompt": "a cat"], responseID: "resp_1", lease: JobLease(owner: "replica_a", until: now + 30))
            #expect(job.id.hasPrefix("job") && job.status == .queued && job.message == "submitted")
            let created = try #require(try await stores.jobs.job(id: job.id, owner: "alice"))
            #expect(created == job)
            job.status = .running
            job.providerTaskID = "task-1"
            job.providerPollURL = "https://provider.example/tasks/1"
            job.progress = 0.25
            job.message = "rendering"
            job.startedAt = now
            try await stores.jobs.save(job)
            #expect(try await stores.jobs.job(id: job.id, owner: nil) == job)
            #expect(try await stores.jobs.job(id: job.id, owner: "bob") == nil)
            #expect(try await stores.jobs.job(id: "job_none", owner: nil) == nil)
            #expect(try await stores.jobs.unfinished().map(\.id) == [job.id])
        }
    }

    @Test("a job followed through another replica shows each change, then its end, and the stream ends", arguments: Backend.allCases)
    func followAcrossReplicas(backend: Backend) async throws {
        try await backend.withTwoReplicas { runner, follower in
            var job = try await runner.jobs.create(principal: "alice", model: "video/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            #expect(try await follower.jobs.follow(id: job.id, owner: "bob").reduce(0) { count, _ in count + 1 } == 0)
            var seen = follower.jobs.follow(id: job.id, owner: "alice").makeAsyncIterator()
            #expect(try await seen.next()?.status == .queued)
            // Each change is made only after the follower saw the one before: no state can be skipped.
            for fraction in [0.25, 0.5] {
                job.status = .running
                job.progress = fraction
                job.message = "running \(Int(fraction * 100))%"
                try await runner.jobs.save(job)
                #expect(try await seen.next() == job)
            }
            job.status = .succeeded
            job.finishedAt = Date().timeIntervalSince1970
            try await runner.jobs.finish(job, media: [])
            #expect(try await seen.next() == job)
            #expect(try await seen.next() == nil)
        }
    }

    @Test("a job's end and its media rows are written together, or not at all", arguments: Backend.allCases)
    func jobFinish(backend: Backend) async throws {
        try await backend.withStores { stores in
            var job = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            job.status = .succeeded
            job.finishedAt = Date().timeIntervalSince1970
            job.mediaIDs = ["media_1", "media_2"]
            let media = [mediaRecord("media_1", jobID: job.id), mediaRecord("media_2", sha256: "other", jobID: job.id)]
            try await stores.jobs.finish(job, media: media)
            #expect(try await stores.jobs.job(id: job.id, owner: "alice") == job)
            #expect(try await stores.media.record(id: "media_1", owner: "alice") == media[0])
            #expect(try await stores.media.list(owner: "alice", limit: 10, after: nil, kind: nil).items == Array(media.reversed()))
            #expect(try await stores.jobs.unfinished().isEmpty)

            // A media row that cannot be written (its id is taken) takes the job's end down with it.
            var second = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            second.status = .succeeded
            second.mediaIDs = ["media_3", "media_1"]
            await #expect(throws: (any Error).self) { try await stores.jobs.finish(second, media: [mediaRecord("media_3"), mediaRecord("media_1")]) }
            #expect(try await stores.jobs.job(id: second.id, owner: nil)?.status == .queued)
            #expect(try await stores.media.record(id: "media_3", owner: nil) == nil)
        }
    }

    @Test("jobs list newest first with limit + 1 paging; unfinished ones come oldest first", arguments: Backend.allCases)
    func jobLists(backend: Backend) async throws {
        try await backend.withStores { stores in
            var ids: [String] = []
            for index in 0..<4 {
                var job = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
                if index == 1 {
                    job.status = .failed
                    job.errorCode = "provider_error"
                    job.errorMessage = "the provider refused"
                    try await stores.jobs.save(job)
                }
                ids.append(job.id)
            }
            _ = try await stores.jobs.create(principal: "bob", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            let first = try await stores.jobs.list(owner: "alice", limit: 3, after: nil)
            #expect(first.items.map(\.id) == [ids[3], ids[2], ids[1]] && first.hasMore)
            #expect(first.items.last?.errorMessage == "the provider refused")
            let rest = try await stores.jobs.list(owner: "alice", limit: 3, after: ids[1])
            #expect(rest.items.map(\.id) == [ids[0]] && !rest.hasMore)
            #expect(try await stores.jobs.list(owner: nil, limit: 10, after: nil).items.count == 5)
            #expect(try await stores.jobs.unfinished().filter { $0.principal == "alice" }.map(\.id) == [ids[0], ids[2], ids[3]])
        }
    }

    @Test("recent durations are the run times of a model's succeeded jobs, newest first, with their requests", arguments: Backend.allCases)
    func recentDurations(backend: Backend) async throws {
        try await backend.withStores { stores in
            #expect(try await stores.jobs.recentDurations(model: "video/x", limit: 20).isEmpty)
            for (seconds, status) in [(4.0, JobRecord.Status.succeeded), (30, .failed), (10, .succeeded), (6, .succeeded)] {
                var job = try await stores.jobs.create(
                    principal: "alice", model: "video/x", request: ["strings": ["resolution": .string("\(Int(seconds))p")]], responseID: nil,
                    lease: JobLease(owner: "a", until: 0))
                job.status = status
                job.startedAt = 1000
                job.finishedAt = 1000 + seconds
                try await stores.jobs.save(job)
            }
            let recent = try await stores.jobs.recentDurations(model: "video/x", limit: 2)
            #expect(recent == [JobDuration(seconds: 6, request: ["strings": ["resolution": "6p"]]), JobDuration(seconds: 10, request: ["strings": ["resolution": "10p"]])])
            #expect(try await stores.jobs.recentDurations(model: "image/x", limit: 20).isEmpty)
            _ = try await stores.jobs.create(principal: "bob", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "a", until: 0))
            #expect(try await stores.jobs.countsByModel() == [
                JobCounts(model: "image/x", started: 1, succeeded: 0, failed: 0), JobCounts(model: "video/x", started: 4, succeeded: 3, failed: 1),
            ])
        }
    }

    @Test("undelivered jobs are found by principal and fingerprint until a client receives their result", arguments: Backend.allCases)
    func undelivered(backend: Backend) async throws {
        try await backend.withStores { stores in
            let lease = JobLease(owner: "a", until: 0)
            let first = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, fingerprint: "fp1", lease: lease)
            var failed = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, fingerprint: "fp1", lease: lease)
            failed.status = .failed
            try await stores.jobs.save(failed)
            let second = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, fingerprint: "fp1", lease: lease)
            _ = try await stores.jobs.create(principal: "bob", model: "image/x", request: nil, responseID: nil, fingerprint: "fp1", lease: lease)
            _ = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, fingerprint: "fp2", lease: lease)
            _ = try await stores.jobs.create(principal: "alice", model: "image/x", request: nil, responseID: nil, lease: lease)
            #expect(try await stores.jobs.undelivered(principal: "alice", fingerprint: "fp1", since: 0).map(\.id) == [second.id, first.id])
            #expect(try await stores.jobs.undelivered(principal: "alice", fingerprint: "fp1", since: first.createdAt + 86_400).isEmpty)
            try await stores.jobs.markDelivered(id: second.id, at: 2000)
            try await stores.jobs.markDelivered(id: second.id, at: 3000)
            #expect(try await stores.jobs.undelivered(principal: "alice", fingerprint: "fp1", since: 0).map(\.id) == [first.id])
            let delivered = try #require(try await stores.jobs.job(id: second.id, owner: nil))
            #expect(delivered.deliveredAt == 2000 && delivered.fingerprint == "fp1")
        }
    }

    @Test("expired leases of unfinished jobs are taken once, oldest first; live leases and finished jobs are left alone",
          arguments: Backend.allCases)
    func takeExpired(backend: Backend) async throws {
        try await backend.withStores { stores in
            let now = Date().timeIntervalSince1970
            let expired = try await stores.jobs.create(principal: "alice", model: "m", request: ["n": 1], responseID: nil, lease: JobLease(owner: "gone", until: now - 5))
            _ = try await stores.jobs.create(principal: "alice", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "alive", until: now + 30))
            var finished = try await stores.jobs.create(principal: "alice", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "gone", until: now - 5))
            finished.status = .cancelled
            try await stores.jobs.save(finished)
            let older = try await stores.jobs.create(principal: "bob", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "gone", until: now - 1))
            let taken = try await stores.jobs.takeExpired(JobLease(owner: "replica_b", until: now + 30), now: now, limit: 1)
            #expect(taken.map(\.id) == [expired.id] && taken.first?.request?["n"] == 1)
            let next = try await stores.jobs.takeExpired(JobLease(owner: "replica_c", until: now + 30), now: now, limit: 10)
            #expect(next.map(\.id) == [older.id])
            #expect(try await stores.jobs.takeExpired(JobLease(owner: "replica_d", until: now + 30), now: now, limit: 10).isEmpty)
            // Once the new holder's lease runs out too, the job can be taken again.
            #expect(try await stores.jobs.takeExpired(JobLease(owner: "replica_d", until: now + 90), now: now + 60, limit: 10).count == 3)
        }
    }

    @Test("a lease is renewed only by the replica that holds it, and only while its job is unfinished", arguments: Backend.allCases)
    func renew(backend: Backend) async throws {
        try await backend.withStores { stores in
            let now = Date().timeIntervalSince1970
            let mine = try await stores.jobs.create(principal: "alice", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "replica_a", until: now + 5))
            let theirs = try await stores.jobs.create(principal: "alice", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "replica_b", until: now + 5))
            var done = try await stores.jobs.create(principal: "alice", model: "m", request: nil, responseID: nil, lease: JobLease(owner: "replica_a", until: now + 5))
            done.status = .succeeded
            try await stores.jobs.save(done)
            let renewed = try await stores.jobs.renew(JobLease(owner: "replica_a", until: now + 100), ids: [mine.id, theirs.id, done.id, "job_none"])
            #expect(renewed == [mine.id])
            #expect(try await stores.jobs.renew(JobLease(owner: "replica_a", until: now + 100), ids: []).isEmpty)
            // The renewed lease holds past the old expiry; the other replica's does not.
            #expect(try await stores.jobs.takeExpired(JobLease(owner: "replica_c", until: now + 200), now: now + 50, limit: 10).map(\.id) == [theirs.id])
        }
    }

    @Test("replicas taking expired jobs at the same time never get the same one, and between them take all", arguments: Backend.allCases)
    func concurrentTakers(backend: Backend) async throws {
        try await backend.withStores { stores in
            var all: Set<String> = []
            for _ in 0..<24 {
                all.insert(try await stores.jobs.create(principal: "alice", model: "video/x", request: nil, responseID: nil, lease: JobLease(owner: "gone", until: 0)).id)
            }
            let now = Date().timeIntervalSince1970
            let takes = try await withThrowingTaskGroup(of: [String].self) { group in
                for replica in 0..<4 {
                    group.addTask { try await stores.jobs.takeExpired(JobLease(owner: "replica_\(replica)", until: now + 30), now: now, limit: 8).map(\.id) }
                }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            let taken = takes.flatMap { $0 }
            #expect(taken.count == Set(taken).count, "a job was taken by two replicas")
            let leftover = try await stores.jobs.takeExpired(JobLease(owner: "replica_last", until: now + 30), now: now, limit: 100).map(\.id)
            #expect(Set(taken + leftover) == all && taken.count + leftover.count == all.count)
        }
    }
}
