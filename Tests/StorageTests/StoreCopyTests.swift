import Foundation
import PrismShared
import Storage
import Testing

/// `prism db copy` / `prism db check` (SPEC §17): a SQLite data directory moved into PostgreSQL reads the
/// same there — every list in the same order — and copying again adds only what is new.
@Suite("Copying a SQLite database into PostgreSQL")
struct StoreCopyTests {
    @Test("a copy has the same rows in the same order, and copying again (after more was stored) adds only what is new")
    func copyAndResume() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-copy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try Stores.sqlite(directory: directory)
        let path = (directory as NSString).appendingPathComponent("prism.sqlite")
        try await fill(sqlite, round: 0)
        let key = try await sqlite.maintenance.secret(named: "media-signing") { Array(repeating: 42, count: 32) }
        let url = try await PostgresCluster.shared.newDatabase()

        var lines: [String] = []
        try await StoreCopy.copy(fromSQLite: path, to: url) { lines.append($0) }
        #expect(lines.contains("responses: 4 rows read, 4 new, 0 there already"), "\(lines)")
        #expect(lines.contains("secret media-signing: copied"), "\(lines)")
        try await expectSameContent(sqlite, url: url, path: path)

        // Run again: nothing new. Then the old gateway stores more, and a third run picks up just that.
        lines = []
        try await StoreCopy.copy(fromSQLite: path, to: url) { lines.append($0) }
        #expect(lines.contains("responses: 4 rows read, 0 new, 4 there already"), "\(lines)")
        #expect(lines.contains("secret media-signing: the database has one already, kept it"), "\(lines)")
        try await fill(sqlite, round: 1)
        try await StoreCopy.copy(fromSQLite: path, to: url) { _ in }
        try await expectSameContent(sqlite, url: url, path: path)

        let (postgres, database) = try await Stores.postgres(url: url, poolSize: 2)
        #expect(try await postgres.maintenance.secret(named: "media-signing") { [] } == key)
        await database.close()
    }

    @Test("copying from a file that does not exist is a sentence naming it")
    func missingFile() async throws {
        let url = try await PostgresCluster.shared.newDatabase()
        await #expect(throws: StoreError.unavailable("There is no SQLite database at /nonexistent/prism.sqlite: give the prism.sqlite file of the data directory")) {
            try await StoreCopy.copy(fromSQLite: "/nonexistent/prism.sqlite", to: url) { _ in }
        }
    }

    /// Stores a little of everything, as the gateway would: a branching chain, completions, finished and
    /// running jobs with their media.
    private func fill(_ stores: Stores, round: Int) async throws {
        let tag = "r\(round)"
        try await stores.responses.save(storedResponse("resp_\(tag)_root", items: 3))
        try await stores.responses.save(storedResponse("resp_\(tag)_a", previous: "resp_\(tag)_root", items: 2))
        try await stores.responses.save(storedResponse("resp_\(tag)_b", previous: "resp_\(tag)_root", model: "other", status: "incomplete"))
        try await stores.responses.save(storedResponse("resp_\(tag)_bob", principal: "bob", items: 0))
        for index in 0..<3 {
            try await stores.completions.save(
                id: "chatcmpl_\(tag)_\(index)", principal: index == 2 ? "bob" : "alice", model: "m", createdAt: 1_700_000_000 + index,
                completion: ["id": .string("chatcmpl_\(tag)_\(index)"), "choices": [["index": 0]]], messages: [["role": "user", "content": "hi"]])
        }
        var job = try await stores.jobs.create(
            principal: "alice", model: "video/x", request: ["prompt": "a cat"], responseID: "resp_\(tag)_a", lease: JobLease(owner: "replica", until: 10))
        job.status = .succeeded
        job.startedAt = job.createdAt
        job.finishedAt = job.createdAt + 12.5
        job.progress = 1
        job.mediaIDs = ["media_\(tag)_clip"]
        try await stores.jobs.finish(job, media: [mediaRecord("media_\(tag)_clip", kind: "video", sha256: "clip\(tag)", jobID: job.id)])
        var running = try await stores.jobs.create(principal: "bob", model: "image/x", request: nil, responseID: nil, lease: JobLease(owner: "replica", until: 20))
        running.status = .running
        running.providerTaskID = "task-\(tag)"
        try await stores.jobs.save(running)
        try await stores.media.insert(mediaRecord("media_\(tag)_cat", sha256: "cat\(tag)"))
        try await stores.media.insert(mediaRecord("media_\(tag)_bob", principal: "bob", sha256: "cat\(tag)"))
        try await stores.keys.insert(TeamRecord(id: "team_\(tag)", name: "team \(tag)", rules: AccessRules(models: ["groq/*"]), createdAt: 1))
        try await stores.keys.insert(keyRecord("key_\(tag)", team: "team_\(tag)", disabled: round == 1))
        try await stores.webhooks.record(webhookEvent("evt_\(tag)", targets: ["https://hooks.example/\(tag)", "https://client.example/\(tag)"]))
        try await stores.usage.record([
            UsageEntry(id: "req_\(tag)_1", time: 1_767_607_200, keyID: "key_\(tag)", teamID: "team_\(tag)", principal: "key_\(tag)", tags: ["ci"],
                       model: "groq/x", provider: "groq", inputTokens: 3, costUSD: 0.5, firstByteMs: 2),
            UsageEntry(id: "req_\(tag)_2", time: 1_767_607_300, principal: "admin", model: "image/x", images: 1, costUSD: 0.25, priced: false, status: 500),
        ])
        try await stores.requestLog.record([
            RequestLogEntry(id: "req_\(tag)_1", time: 1_767_607_200, surface: "chat", keyID: "key_\(tag)", principal: "key_\(tag)", model: "groq/x",
                            provider: "groq", status: 200, latencyMs: 12, ttfbMs: 2, inputTokens: 3, costUSD: 0.5,
                            attempts: [RequestAttempt(provider: "groq", key: "gsk_…abcd", status: 200, durationMs: 10)], requestBody: "{}"),
        ])
    }

    /// `prism db check` finds equal counts, and every list reads the same on both sides.
    private func expectSameContent(_ sqlite: Stores, url: String, path: String) async throws {
        let counts = try await StoreCopy.check(fromSQLite: path, to: url)
        #expect(counts.map(\.table) == [
            "responses", "response_input_items", "chat_completions", "media", "jobs", "teams", "api_keys", "usage", "request_log", "webhook_events",
            "webhook_deliveries",
        ])
        #expect(counts.allSatisfy { $0.sqlite == $0.postgres && $0.sqlite > 0 }, "\(counts)")
        let (postgres, database) = try await Stores.postgres(url: url, poolSize: 2)
        let expected = try await snapshot(sqlite)
        let copied = try await snapshot(postgres)
        await database.close()
        #expect(copied == expected)
    }

    /// Everything the stores show, in the order they show it.
    private struct Snapshot: Equatable {
        var lines: [String] = []
        var jobs: [JobRecord] = []
        var media: [MediaRecord] = []
        var keys: [KeyRecord] = []
        var teams: [TeamRecord] = []
    }

    private func snapshot(_ stores: Stores) async throws -> Snapshot {
        var lines: [String] = []
        let responses = try await stores.responses.list(scope: .everything, limit: 100, after: nil, prefix: nil, model: nil).items
        lines += responses.map { "response \($0.id) \($0.createdAt) \($0.model) \($0.status) \($0.previousResponseID ?? "-") \($0.preview)" }
        for response in responses {
            let chain = try await stores.responses.chain(endingAt: response.id, scope: .everything) ?? []
            lines.append("chain \(response.id): " + chain.map { "\($0.object.serialized()) \($0.inputItems.map { $0.serialized() })" }.joined(separator: " | "))
        }
        lines += try await stores.responses.conversations(scope: .everything, limit: 100, after: nil).items.map {
            "conversation \($0.leafID) \($0.rootID) \($0.turns) \($0.title) \($0.model) \($0.createdAt) \($0.updatedAt)"
        }
        for ascending in [true, false] {
            lines += try await stores.completions.list(scope: .everything, limit: 100, after: nil, ascending: ascending, model: nil).items.map {
                "completion \($0.serialized())"
            }
        }
        lines += try await stores.jobs.unfinished().map { "unfinished \($0.id)" }
        lines += try await stores.webhooks.deliveries(status: nil, eventType: nil, limit: 100, after: nil).items.map {
            "delivery \($0.id) \($0.eventID) \($0.url) \($0.guarded) \($0.status) \($0.nextAttemptAt ?? -1) \($0.body)"
        }
        let (counts, bytes) = try await stores.maintenance.statistics()
        lines.append("statistics \(counts.sorted { $0.key < $1.key }) \(bytes)")
        for grouping in UsageGrouping.allCases {
            lines += try await stores.usage.summary(from: 0, to: 2_000_000_000, groupBy: grouping, keyID: nil).map { "usage \(grouping) \($0)" }
        }
        for scope in [SpendScope.key("key_r0"), .team("team_r1")] { lines.append("spend \(scope) \(try await stores.usage.spend(scope, sinceDay: 0))") }
        lines += try await stores.requestLog.list(RequestLogFilter(), limit: 100, after: nil).items.map { "request \($0)" }
        return Snapshot(
            lines: lines, jobs: try await stores.jobs.list(owner: nil, limit: 100, after: nil).items,
            media: try await stores.media.list(owner: nil, limit: 100, after: nil, kind: nil).items,
            keys: try await stores.keys.keys(teamID: nil, limit: 100, after: nil).items, teams: try await stores.keys.teams(limit: 100, after: nil).items)
    }
}
