import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// The job API (SPEC §15): media jobs without a chat, followed by SSE or held by `Prefer: wait`.
@Suite("Job API")
struct JobAPITests {
    static func env(_ base: String) -> [String: String] {
        ["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500", "WEBHOOK_URL": base.replacingOccurrences(of: "/v1", with: "") + "/hooks/admin",
         "WEBHOOK_RETRY_SCALE": "0.001"]
    }

    /// Reads `GET /v1/jobs/<id>?stream=true` to its end; `seen` runs once the text so far contains `marker`.
    static func follow(_ port: Int, _ id: String, onceSeen marker: String, _ seen: @Sendable () -> Void) async throws -> String {
        try await readToEnd(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/jobs/\(id)?stream=true"), onceSeen: marker, seen)
    }

    static func eventNames(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
    }

    @Test("POST /v1/jobs answers 202 with Location; the job's stream shows job.progress, then job.succeeded, and ends; a late follower gets the end at once")
    func createAndFollow() async throws {
        let finish = Gate()
        try await FakeUpstream.run(reply: UndeliveredJobTests.heldSeedance(finish)) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let created = try await client.postJSON("/v1/jobs", ["model": "video/doubao-seedance", "prompt": "A red kite", "duration": 4, "metadata": ["k": "v"]])
                #expect(created.status == .accepted, "\(created.text)")
                let id = try #require(created.json?["id"]?.stringValue)
                #expect(created.headers[.location] == "/v1/jobs/\(id)" && created.json?["object"] == "job" && created.json?["metadata"]?["k"] == "v")
                #expect(await eventually { await recorder.requests.contains { $0.path == "/v1/contents/generations/tasks" } })
                let submitted = try #require(await recorder.requests.first { $0.path == "/v1/contents/generations/tasks" }?.body)
                #expect(submitted["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("--duration 4") == true)

                let text = try await Self.follow(client.port, id, onceSeen: "\"status\":\"running\"") { finish.open() }
                let names = Self.eventNames(text)
                #expect(names.first == "job.progress" && names.last == "job.succeeded" && names.dropLast().allSatisfy { $0 == "job.progress" }, "\(names)")
                let late = try await client.get("/v1/jobs/\(id)?stream=true")
                #expect(Self.eventNames(late.text) == ["job.succeeded"])
                #expect(late.sseData.compactMap { try? JSONValue.parse($0) }.first?["media"]?.arrayValue?.count == 1)
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "job.succeeded" } })
            }
        }
    }

    @Test("Prefer: wait answers 202 with the running job when the time passes; cancelling it sends job.cancelled")
    func waitThenCancel() async throws {
        let finish = Gate()
        defer { finish.open() }
        try await FakeUpstream.run(reply: UndeliveredJobTests.heldSeedance(finish)) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let created = try await client.postJSON("/v1/jobs", ["model": "video/doubao-seedance", "prompt": "A red kite"], headers: [.prefer: "wait=1"])
                #expect(created.status == .accepted && created.headers[.preferenceApplied] == "wait=1")
                let id = try #require(created.json?["id"]?.stringValue)
                #expect(created.json?["status"] == "queued" || created.json?["status"] == "running")
                let cancelled = try await client.postJSON("/v1/jobs/\(id)/cancel", [:])
                #expect(cancelled.json?["status"] == "cancelled")
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "job.cancelled" } })
                let event = try #require(await recorder.requests.first { $0.path == "/hooks/admin" }?.body)
                #expect(event["data"]?["id"] == .string(id) && event["data"]?["error"]?["code"] == "job_cancelled")
            }
        }
    }

    @Test("bad job requests are 400s naming the field, and start nothing", arguments: [
        (["prompt": "A cat"] as JSONValue, "model"),
        (["model": "image/doubao"] as JSONValue, "prompt"),
        (["model": "groq/llama", "prompt": "A cat"] as JSONValue, "model"),
        (["model": "image/doubao", "prompt": "A cat", "colour": "red"] as JSONValue, "colour"),
        (["model": "image/doubao", "prompt": "A cat", "seed": ["x"]] as JSONValue, "seed"),
        (["model": "image/doubao", "prompt": "A cat", "steps": 500] as JSONValue, "steps"),
        (["model": "image/doubao", "prompt": "A cat", "webhook_url": "ftp://x"] as JSONValue, "webhook_url"),
        (["model": "image/doubao", "prompt": "A cat", "metadata": ["k": 1]] as JSONValue, "metadata"),
        (["model": "image/doubao", "prompt": "A cat", "images": "x"] as JSONValue, "images"),
    ])
    func badRequests(body: JSONValue, field: String) async throws {
        try await FakeUpstream.run(reply: UndeliveredJobTests.heldSeedance(Gate())) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let reply = try await client.postJSON("/v1/jobs", body)
                #expect(reply.status == .badRequest, "\(reply.text)")
                let message = reply.json?["error"]?["message"]?.stringValue ?? ""
                #expect(reply.json?["error"]?["param"]?.stringValue == field || message.contains(field), "\(reply.text)")
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("Prefer: wait beyond 60 seconds is a 400 naming Prefer")
    func waitTooLong() async throws {
        try await TestGateway.run([:]) { client in
            let reply = try await client.postJSON("/v1/jobs", ["model": "image/doubao", "prompt": "A cat"], headers: [.prefer: "wait=61"])
            #expect(reply.status == .badRequest && reply.json?["error"]?["param"] == "Prefer")
        }
    }
}
