import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import PrismShared
import Storage
import Testing
@testable import Proxy

/// fal's queue as these tests need it, behind `Authorization: Key fal-key`. A request's id is `req-` and its
/// prompt's first word; its status is `IN_QUEUE` at position 3, then 1, then `IN_PROGRESS` with logs, then
/// `COMPLETED`. Status and response URLs leave out the app's sub-path, as fal's do. `broken` completes with an
/// error, `refused` has its response answered 422 by the content checker, `nsfw` has its only image flagged,
/// `stuck` stays queued.
private let falQueue: FakeUpstream.Reply = { request, recorder in
    let host = "http://\(request.authority ?? "")"
    switch (request.method, request.path) {
    case ("GET", "/files/out.png"):
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    default:
        break
    }
    guard request.headers[.authorization] == "Key fal-key" else {
        return OpenAIWire.json(["detail": "Cannot access application 'fal-ai/flux'. Authentication is required to access this application."], status: .unauthorized)
    }
    let app = request.path.hasPrefix("/fal-ai/kling-video") ? "fal-ai/kling-video" : "fal-ai/flux"
    let parts = request.path.split(separator: "/").map(String.init)
    if request.method == "POST" {
        let word = request.body?["prompt"]?.stringValue?.split(separator: " ").first.map(String.init) ?? "ok"
        let stem = "\(host)/\(app)/requests/req-\(word)"
        return OpenAIWire.json([
            "request_id": .string("req-\(word)"), "response_url": .string(stem), "status_url": .string(stem + "/status"),
            "cancel_url": .string(stem + "/cancel"), "queue_position": 3,
        ])
    }
    guard parts.count >= 4, parts[2] == "requests" else { return OpenAIWire.json(["detail": "Not Found"], status: .notFound) }
    let id = parts[3]
    let stem = "\(host)/\(app)/requests/\(id)"
    if request.method == "PUT" { return OpenAIWire.json(["status": "CANCELLATION_REQUESTED"], status: .accepted) }
    if parts.last == "status" {
        let polls = await recorder.requests.filter { $0.path == request.path }.count
        var status: JSONValue = ["request_id": .string(id), "response_url": .string(stem), "status_url": .string(stem + "/status"), "cancel_url": .string(stem + "/cancel")]
        switch id == "req-stuck" ? 1 : polls {
        case 1, 2:
            status["status"] = "IN_QUEUE"
            status["queue_position"] = polls == 1 ? 3 : 1
            return OpenAIWire.json(status, status: .accepted)
        case 3:
            status["status"] = "IN_PROGRESS"
            status["logs"] = [
                ["message": "Loading weights", "level": "INFO", "source": "USER", "timestamp": "2026-12-01T10:00:00Z"],
                ["message": "Generating: 40% done.", "level": "INFO", "source": "USER", "timestamp": "2026-12-01T10:00:01Z"],
            ]
            return OpenAIWire.json(status, status: .accepted)
        default:
            status["status"] = "COMPLETED"
            status["logs"] = []
            status["metrics"] = ["inference_time": 1.5]
            if id == "req-broken" {
                status["error"] = "Runner crashed: CUDA out of memory."
                status["error_type"] = "runner_disconnected"
            }
            return OpenAIWire.json(status)
        }
    }
    switch id {
    case "req-refused":
        return OpenAIWire.json(["detail": [[
            "loc": ["body", "prompt"], "msg": "The content was flagged by a content checker.", "type": "content_policy_violation",
            "url": "https://docs.fal.ai/errors#content_policy_violation", "input": "refused koi",
        ]]], status: .unprocessableContent)
    case "req-nsfw":
        return OpenAIWire.json(["images": [["url": .string("\(host)/files/out.png"), "content_type": "image/png"]], "has_nsfw_concepts": [true]])
    case _ where app == "fal-ai/kling-video":
        return OpenAIWire.json(["video": ["url": .string("\(host)/files/out.mp4"), "content_type": "video/mp4"]])
    default:
        return OpenAIWire.json([
            "images": [["url": .string("\(host)/files/out.png"), "width": 1, "height": 1, "content_type": "image/png"]], "seed": 7,
            "has_nsfw_concepts": [false], "prompt": "A koi pond",
        ])
    }
}

private func falEnv(_ base: String) -> [String: String] {
    ["FAL_API_KEY": "fal-key", "FAL_QUEUE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("image/fal and video/fal through fal's queue")
struct FalMediaTests {
    @Test("queue positions, then the newest log line and its percentage, show as progress; the image is downloaded and linked")
    func image() async throws {
        try await FakeUpstream.run(reply: falQueue) { base, recorder in
            try await TestGateway.run(falEnv(base)) { client in
                let text = "A koi pond --ratio 16:9 --steps 28 --guidance 3.5 --seed 7 --n 1 --negative \"murky water\""
                let chat = MediaStream(try await client.postJSON("/v1/chat/completions", chatBody("image/fal/fal-ai/flux/dev", text, stream: true)))
                // fal counts the requests ahead: 3 ahead is fourth in line, 1 ahead is second.
                #expect(chat.reasoning.contains { $0.hasPrefix("queued, position 4 in the queue, ") }, "\(chat.reasoning)")
                #expect(chat.reasoning.contains { $0.hasPrefix("queued, position 2 in the queue, ") }, "\(chat.reasoning)")
                #expect(chat.reasoning.contains { $0.hasPrefix("running (Generating: 40% done), ") && !$0.contains("done), 40%") }, "\(chat.reasoning)")
                #expect(chat.reasoning.last?.hasPrefix("succeeded") == true)
                #expect(chat.content.hasPrefix("![A koi pond](http://127.0.0.1:") && chat.content.contains("?sig="), "\(chat.content)")
                let submit = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(submit.path == "/fal-ai/flux/dev" && submit.headers[.authorization] == "Key fal-key")
                let input = try #require(submit.body)
                #expect(input["prompt"] == "A koi pond" && input["aspect_ratio"] == "16:9" && input["image_size"] == ["width": 1024, "height": 576])
                #expect(input["num_inference_steps"] == 28 && input["guidance_scale"] == 3.5 && input["seed"] == 7 && input["num_images"] == 1)
                #expect(input["negative_prompt"] == "murky water")
                let polls = await recorder.requests.filter { $0.path == "/fal-ai/flux/requests/req-A/status" }
                #expect(polls.count == 4 && polls.allSatisfy { $0.query == "logs=1" && $0.headers[.authorization] == "Key fal-key" })
                let result = await recorder.requests.first { $0.path == "/fal-ai/flux/requests/req-A" }
                #expect(result?.method == "GET" && result?.headers[.authorization] == "Key fal-key")
                let media = try await client.get("/v1/media").json?["data"]?.arrayValue
                #expect(media?.count == 1 && media?.first?["mime_type"] == "image/png" && media?.first?["model"] == "image/fal/fal-ai/flux/dev")
            }
        }
    }

    @Test("video: the app's path is the endpoint, flags go in its input, and video.url is stored as an MP4")
    func video() async throws {
        try await FakeUpstream.run(reply: falQueue) { base, recorder in
            try await TestGateway.run(falEnv(base)) { client in
                let model = "video/fal/fal-ai/kling-video/v2.1/standard/text-to-video"
                let response = try await client.postJSON("/v1/chat/completions", chatBody(model, "A red kite --ratio 9:16 --duration 5"))
                #expect(response.status == .ok, "\(response.text)")
                let content = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                #expect(content.hasPrefix("[▶ A red kite (5s)](http://127.0.0.1:"), "\(content)")
                let submit = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(submit.path == "/fal-ai/kling-video/v2.1/standard/text-to-video")
                #expect(submit.body?["aspect_ratio"] == "9:16" && submit.body?["duration"] == "5" && submit.body?["prompt"] == "A red kite")
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["mime_type"] == "video/mp4" && media?["duration"]?.doubleValue == 5)
            }
        }
    }

    @Test("a request that completes with an error fails the job with fal's reason, once, and stores nothing")
    func failure() async throws {
        try await FakeUpstream.run(reply: falQueue) { base, _ in
            try await TestGateway.run(falEnv(base)) { client in
                // The sentence starts with a capital, even fal's name; the job keeps fal's spelling.
                let reason = "fal could not finish the request: Runner crashed: CUDA out of memory"
                try await expectFailedJob(client, model: "image/fal/fal-ai/flux/dev", prompt: "broken koi", reason: reason)
            }
        }
    }

    @Test("fal's content checker (a 422 content_policy_violation, or every image flagged NSFW) is a refusal that says so", arguments: [
        ("refused koi", "fal's content filter refused the prompt: The content was flagged by a content checker"),
        ("nsfw koi", "fal's content filter refused the prompt: every image was flagged as not safe for work"),
    ])
    func refusal(text: String, reason: String) async throws {
        try await FakeUpstream.run(reply: falQueue) { base, _ in
            try await TestGateway.run(falEnv(base)) { client in
                try await expectFailedJob(client, model: "image/fal/fal-ai/flux/dev", prompt: text, reason: reason)
            }
        }
    }

    @Test("cancelling a queued job asks fal to cancel it (PUT cancel_url, with the key)")
    func cancel() async throws {
        try await FakeUpstream.run(reply: falQueue) { base, recorder in
            try await TestGateway.run(falEnv(base)) { client in
                let waiting = Task { try await client.postJSON("/v1/chat/completions", chatBody("image/fal/fal-ai/flux/dev", "stuck koi")) }
                #expect(await eventually { await recorder.requests.contains { $0.path == "/fal-ai/flux/requests/req-stuck/status" } })
                let id = try #require(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
                let cancelled = try await client.postJSON("/v1/jobs/\(id)/cancel", [:])
                #expect(cancelled.json?["status"] == "cancelled")
                let put = await recorder.requests.first { $0.method == "PUT" }
                #expect(put?.path == "/fal-ai/flux/requests/req-stuck/cancel" && put?.headers[.authorization] == "Key fal-key")
                #expect(try await waiting.value.status == .badGateway)
            }
        }
    }

    @Test("a job an earlier run left in fal's queue is followed again from its status URL, without a new submit")
    func resume() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-fal-resume-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await FakeUpstream.run(reply: falQueue) { base, recorder in
            let root = String(base.dropLast(3))
            let stores = try Stores.sqlite(directory: directory)
            var job = try await stores.jobs.create(
                principal: "admin", model: "image/fal/fal-ai/flux/dev",
                request: MediaRequest(model: "fal-ai/flux/dev", prompt: "A koi pond", flags: ValidatedFlags()).stored, responseID: nil,
                lease: JobLease(owner: "replica_gone", until: 0))
            job.status = .queued
            job.providerTaskID = "req-left"
            job.providerPollURL = "\(root)/fal-ai/flux/requests/req-left/status"
            job.startedAt = Date().timeIntervalSince1970
            try await stores.jobs.save(job)
            let jobID = job.id
            var env = falEnv(base)
            env["DATA_DIR"] = directory
            try await TestGateway.run(env) { client in
                #expect(await eventually { (try? await client.get("/v1/jobs/\(jobID)").json?["status"]) == "succeeded" })
                let media = try await client.get("/v1/media")
                #expect(media.json?["data"]?.arrayValue?.count == 1)
                let calls = await recorder.requests
                #expect(!calls.contains { $0.method == "POST" })
                #expect(calls.contains { $0.path == "/fal-ai/flux/requests/req-left/status" } && calls.contains { $0.path == "/fal-ai/flux/requests/req-left" })
            }
        }
    }
}
