import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Signed webhooks with durable retries (SPEC §15), end to end: real jobs against a fake Ark, real receivers
/// on loopback, the real dispatcher.
@Suite("Webhooks")
struct WebhookTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo="

    static func env(_ base: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["DOUBAO_API_KEY": "ark-key", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k", "WEBHOOK_SECRET": secret, "FETCH_ALLOW_PRIVATE": "true",
         "WEBHOOK_RETRY_SCALE": "0.001"].merging(extra) { $1 }
    }

    static func hooks(_ recorder: UpstreamRecorder, _ name: String) async -> [RecordedRequest] {
        await recorder.requests.filter { $0.path == "/hooks/\(name)" }
    }

    static func deliveries(_ client: GatewayClient, _ query: String = "") async throws -> [JSONValue] {
        try await client.get("/v1/admin/webhooks/deliveries\(query)").json?["data"]?.arrayValue ?? []
    }

    @Test("a job's end goes to WEBHOOK_URL and to the job's own webhook_url, signed the Standard Webhooks way, with the job object")
    func jobSucceeded() async throws {
        try await WebhookWorld.run { _, base, recorder in
            try await TestGateway.run(Self.env(base, ["WEBHOOK_URL": WebhookWorld.hook(base, "admin")])) { client in
                let created = try await client.postJSON(
                    "/v1/jobs", ["model": "image/doubao", "prompt": "A cat", "ratio": "16:9", "webhook_url": .string(WebhookWorld.hook(base, "client")),
                                 "metadata": ["order": "42"]], headers: [.prefer: "wait=60"])
                #expect(created.status == .ok, "\(created.text)")
                let job = try #require(created.json)
                let id = try #require(job["id"]?.stringValue)
                #expect(created.headers[.location] == "/v1/jobs/\(id)" && job["status"] == "succeeded" && job["metadata"]?["order"] == "42")
                #expect(await eventually {
                    let (admin, client) = (await Self.hooks(recorder, "admin").count, await Self.hooks(recorder, "client").count)
                    return admin == 1 && client == 1
                })
                for name in ["admin", "client"] {
                    let request = try #require(await Self.hooks(recorder, name).first)
                    #expect(standardWebhookSignatureIsValid(request, secret: Self.secret))
                    let event = try #require(request.body)
                    #expect(event["object"] == "event" && event["type"] == "job.succeeded" && event["data"]?["id"] == .string(id))
                    #expect(request.headers[HTTPField.Name("webhook-id")!] == event["id"]?.stringValue)
                    #expect(event["id"]?.stringValue?.hasPrefix("evt_") == true && event["data"]?["media"]?.arrayValue?.count == 1)
                }
                #expect(await eventually { (try? await Self.deliveries(client, "?status=delivered").count) == 2 })
                let delivery = try #require(try await Self.deliveries(client).first)
                #expect(delivery["event_type"] == "job.succeeded" && delivery["attempts"]?.arrayValue?.first?["status"] == 200)
            }
        }
    }

    @Test("a spent budget is announced once as budget.exceeded, however many requests it refuses")
    func budgetExceeded() async throws {
        try await WebhookWorld.run { _, base, recorder in
            try await TestGateway.run(Self.env(base, ["PASSWORD": "pw", "WEBHOOK_URL": WebhookWorld.hook(base, "admin")])) { client in
                let created = try await client.postJSON(
                    "/v1/admin/keys", ["name": "painter", "budget": ["usd": 0.01, "period": "day"]], key: "pw")
                let (secret, keyID) = (try #require(created.json?["key"]?.stringValue), try #require(created.json?["id"]?.stringValue))
                // The first image is admitted (nothing spent yet) and costs 0.036 USD: the budget is spent.
                #expect(try await client.postJSON("/v1/images/generations", ["model": "image/doubao", "prompt": "A cat"], key: secret).status == .ok)
                #expect(await eventually { (try? await client.get("/v1/admin/keys/\(keyID)", key: "pw").json?["spend_usd"]?.doubleValue ?? 0) ?? 0 > 0.03 })
                for _ in 0..<2 {
                    let refused = try await client.postJSON("/v1/images/generations", ["model": "image/doubao", "prompt": "A dog"], key: secret)
                    #expect(refused.status.code == 402)
                }
                #expect(await eventually { await Self.hooks(recorder, "admin").contains { $0.body?["type"] == "budget.exceeded" } })
                let event = try #require(await Self.hooks(recorder, "admin").first { $0.body?["type"] == "budget.exceeded" }?.body)
                #expect(event["data"]?["key_id"] == .string(keyID) && event["data"]?["scope"] == "key" && event["data"]?["budget_usd"] == 0.01)
                #expect(event["data"]?["period"] == "day" && event["data"]?["resets_at"]?.intValue != nil)
                // A later event is delivered after any second announcement would have been: there is none.
                #expect(try await client.postJSON("/v1/jobs", ["model": "image/doubao", "prompt": "A fox"], key: "pw", headers: [.prefer: "wait=60"]).status == .ok)
                #expect(await eventually { await Self.hooks(recorder, "admin").filter { $0.body?["type"] == "job.succeeded" }.count == 2 })
                #expect(await Self.hooks(recorder, "admin").filter { $0.body?["type"] == "budget.exceeded" }.count == 1)
            }
        }
    }

    @Test("a receiver that answers 500 is tried again on the schedule until it answers 2xx; 410 Gone stops at once")
    func retriesAndGone() async throws {
        try await WebhookWorld.run { world, base, recorder in
            world.script("flaky", [.status(.internalServerError), .status(.serviceUnavailable), .status(.noContent)])
            world.script("gone", [.status(.gone)])
            try await TestGateway.run(Self.env(base)) { client in
                for name in ["flaky", "gone"] {
                    let created = try await client.postJSON(
                        "/v1/jobs", ["model": "image/doubao", "prompt": "A cat", "webhook_url": .string(WebhookWorld.hook(base, name))])
                    #expect(created.status == .accepted && created.json?["status"] != nil)
                }
                #expect(await eventually { (try? await Self.deliveries(client, "?status=delivered").count) == 1 })
                #expect(await eventually { (try? await Self.deliveries(client, "?status=stopped").count) == 1 })
                let flaky = try #require(try await Self.deliveries(client, "?status=delivered").first)
                #expect(flaky["attempts"]?.arrayValue?.map { $0["status"] } == [500, 503, 204])
                #expect(flaky["attempts"]?.arrayValue?.first?["error"] == "the receiver answered 500")
                let gone = try #require(try await Self.deliveries(client, "?status=stopped").first)
                #expect(gone["attempts"]?.arrayValue?.count == 1 && gone["next_attempt_at"] == .null)
                #expect(await Self.hooks(recorder, "gone").count == 1)
                #expect(try await Self.deliveries(client, "?event_type=job.failed").isEmpty)
                // A stopped delivery can be sent again by hand.
                world.script("gone", [.status(.ok)])
                let retried = try await client.postJSON("/v1/admin/webhooks/deliveries/\(gone["id"]?.stringValue ?? "")/retry", [:])
                #expect(retried.status == .ok && retried.json?["status"] == "pending")
                #expect(await eventually { (try? await Self.deliveries(client, "?status=delivered").count) == 2 })
            }
        }
    }

    @Test("a receiver that hangs is cut at the timeout, the delivery log says why, and the next attempt goes through")
    func hangingReceiver() async throws {
        let hang = Gate()
        defer { hang.open() }
        try await WebhookWorld.run { world, base, _ in
            world.script("slow", [.hang(hang), .status(.ok)])
            try await TestGateway.run(Self.env(base, ["WEBHOOK_TIMEOUT_SECONDS": "0.5"])) { client in
                _ = try await client.postJSON("/v1/jobs", ["model": "image/doubao", "prompt": "A cat", "webhook_url": .string(WebhookWorld.hook(base, "slow"))])
                #expect(await eventually { (try? await Self.deliveries(client, "?status=delivered").count) == 1 })
                let attempts = try #require(try await Self.deliveries(client).first?["attempts"]?.arrayValue)
                #expect(attempts.count == 2 && attempts[0]["status"] == .null && attempts[1]["status"] == 200)
                #expect(attempts[0]["error"] == "the receiver did not answer within 0.5 s")
                // The receiver's hung handler ends now, so its server can stop.
                hang.open()
            }
        }
    }

    @Test("a webhook_url on a private address is refused with 400 url_not_allowed unless FETCH_ALLOW_PRIVATE; no job starts")
    func privateURLRefused() async throws {
        try await WebhookWorld.run { _, base, recorder in
            var env = Self.env(base)
            env["FETCH_ALLOW_PRIVATE"] = nil
            try await TestGateway.run(env) { client in
                let refused = try await client.postJSON("/v1/jobs", ["model": "image/doubao", "prompt": "A cat", "webhook_url": "http://127.0.0.1:9/hook"])
                #expect(refused.status == .badRequest)
                #expect(refused.json?["error"]?["code"] == "url_not_allowed" && refused.json?["error"]?["param"] == "webhook_url")
                #expect(refused.json?["error"]?["message"]?.stringValue?.hasPrefix("webhook_url is not allowed") == true)
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("a delivery still pending when Prism stops is delivered after it starts again; the generated secret is the same")
    func survivesRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-webhooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await WebhookWorld.run { world, base, recorder in
            world.script("down", [.status(.serviceUnavailable)])
            var env = Self.env(base, ["DATA_DIR": directory, "WEBHOOK_URL": WebhookWorld.hook(base, "down")])
            env["WEBHOOK_SECRET"] = nil
            let secret = try await TestGateway.run(env) { client in
                _ = try await client.postJSON("/v1/jobs", ["model": "image/doubao", "prompt": "A cat"], headers: [.prefer: "wait=60"])
                #expect(await eventually { await !Self.hooks(recorder, "down").isEmpty })
                #expect(try await Self.deliveries(client, "?status=pending").count == 1)
                return try #require(try await client.get("/v1/admin/webhooks").json?["secret"]?.stringValue)
            }
            #expect(secret.hasPrefix("whsec_"))
            let failedBefore = await Self.hooks(recorder, "down").count
            world.script("down", [.status(.ok)])
            try await TestGateway.run(env) { (client: GatewayClient) async throws -> Void in
                #expect(await eventually { (try? await Self.deliveries(client, "?status=delivered").count) == 1 })
                let again = try await client.get("/v1/admin/webhooks").json?["secret"]?.stringValue
                #expect(again == secret)
                let requests = await Self.hooks(recorder, "down")
                #expect(requests.count == failedBefore + 1)
                #expect(Set(requests.compactMap { $0.headers[HTTPField.Name("webhook-id")!] }).count == 1)
                let last = try #require(requests.last)
                #expect(standardWebhookSignatureIsValid(last, secret: secret))
            }
        }
    }

    @Test("admin/magic webhooks shows the recent deliveries and the ones being retried, with the receiver's answer")
    func magicCommand() async throws {
        try await WebhookWorld.run { world, base, _ in
            world.script("down", [.status(.badGateway)])
            try await TestGateway.run(Self.env(base, ["WEBHOOK_RETRY_SCALE": "100"])) { client in
                func ask() async throws -> String {
                    try await client.postJSON("/v1/chat/completions", chatBody("admin/magic", "webhooks")).json?["choices"]?.arrayValue?.first?["message"]?["content"]?
                        .stringValue ?? ""
                }
                #expect(try await ask().contains("No webhook deliveries yet"))
                _ = try await client.postJSON(
                    "/v1/jobs", ["model": "image/doubao", "prompt": "A cat", "webhook_url": .string(WebhookWorld.hook(base, "down"))], headers: [.prefer: "wait=60"])
                #expect(await eventually { (try? await Self.deliveries(client).first?["attempts"]?.arrayValue?.isEmpty) == false })
                let report = try await ask()
                #expect(report.contains("**Retrying**") && report.contains("job.succeeded") && report.contains("the receiver answered 502"), "\(report)")
                #expect(AdminCommand.parse("webhooks") == .webhooks)
            }
        }
    }

    @Test("the admin endpoints are the admin's: another key gets 403; unknown deliveries 404; a bad status filter 400")
    func adminOnly() async throws {
        try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "user-1"]) { client in
            #expect(try await client.get("/v1/admin/webhooks", key: "user-1").status == .forbidden)
            #expect(try await client.get("/v1/admin/webhooks/deliveries", key: "user-1").status == .forbidden)
            let settings = try #require(try await client.get("/v1/admin/webhooks", key: "pw").json)
            #expect(settings["url"] == .null && settings["events"]?.arrayValue?.contains("budget.exceeded") == true)
            let missing = try await client.postJSON("/v1/admin/webhooks/deliveries/whd_none/retry", [:], key: "pw")
            #expect(missing.status == .notFound && missing.json?["error"]?["code"] == "delivery_not_found")
            let bad = try await client.get("/v1/admin/webhooks/deliveries?status=lost", key: "pw")
            #expect(bad.status == .badRequest && bad.json?["error"]?["param"] == "status")
        }
    }
}
