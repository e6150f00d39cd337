import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Replicate's predictions API. The prompt's first word picks how a prediction goes: `fast` answers within
/// the create call (`Prefer: wait`), `stuck` never starts, `nsfw` is refused by the model's safety checker,
/// `broken` fails; anything else starts, processes (with a progress bar in its logs) and succeeds.
private let replicateAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    func prediction(_ id: String, _ status: String, output: JSONValue = nil, error: JSONValue = nil, logs: String = "") -> JSONValue {
        ["id": .string(id), "model": "owner/model", "status": .string(status), "input": [:], "output": output, "error": error, "logs": .string(logs),
         "urls": ["get": .string("http://\(host)/v1/predictions/\(id)"), "cancel": .string("http://\(host)/v1/predictions/\(id)/cancel")]]
    }
    func finished(_ id: String, video: Bool) -> JSONValue {
        video ? prediction(id, "succeeded", output: .string("http://\(host)/files/out.mp4"))
            : prediction(id, "succeeded", output: [.string("http://\(host)/files/out.png")])
    }
    switch (request.method, request.path) {
    case ("GET", "/files/out.png"):
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case ("POST", let path) where path.hasPrefix("/v1/models/") && path.hasSuffix("/predictions"):
        guard request.bearer == "r8-key" else {
            return OpenAIWire.json(["title": "Unauthenticated", "detail": "You did not pass a valid authentication token", "status": 401], status: .unauthorized)
        }
        let word = request.body?["input"]?["prompt"]?.stringValue?.split(separator: " ").first.map(String.init) ?? "ok"
        let video = path.contains("seedance")
        return OpenAIWire.json(word == "fast" ? finished("p-fast", video: video) : prediction("p-\(word)", "starting"), status: .created)
    case ("POST", let path) where path.hasSuffix("/cancel"):
        return OpenAIWire.json(prediction("p-stuck", "canceled"))
    case ("GET", let path) where path.hasPrefix("/v1/predictions/p-"):
        let id = String(path.dropFirst("/v1/predictions/".count))
        let polls = await recorder.requests.filter { $0.path == path }.count
        let created = await recorder.requests.first { $0.method == "POST" && $0.path.hasSuffix("/predictions") }
        if id == "p-stuck" || polls < 2 { return OpenAIWire.json(prediction(id, "starting")) }
        if polls < 3 { return OpenAIWire.json(prediction(id, "processing", logs: "Loading weights\n  0%|          | 0/20\n 45%|████▌     | 9/20")) }
        switch id {
        case "p-nsfw": return OpenAIWire.json(prediction(id, "failed", error: "NSFW content detected. Try running it again, or try a different prompt."))
        case "p-broken": return OpenAIWire.json(prediction(id, "failed", error: "CUDA out of memory."))
        default: return OpenAIWire.json(finished(id, video: created?.path.contains("seedance") == true))
        }
    default:
        return OpenAIWire.json(["detail": .string("unexpected \(request.method) \(request.path)")], status: .notFound)
    }
}

private func environment(_ base: String) -> [String: String] {
    ["REPLICATE_API_KEY": "r8-key", "REPLICATE_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("image/replicate and video/replicate on Replicate's predictions API")
struct ReplicateMediaTests {
    @Test("an image prediction is queued, then shows its log percentage, then links Prism's copy")
    func imageThroughChat() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("image/replicate/black-forest-labs/flux-dev", "A kite --ratio 3:2 --seed 7 --n 1 --negative \"rain\"", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.reasoning.first?.hasPrefix("submitted to") == true)
                #expect(stream.reasoning.contains { $0.hasPrefix("queued") }, "\(stream.reasoning)")
                #expect(stream.reasoning.contains { $0.hasPrefix("running") && $0.contains("45%") }, "\(stream.reasoning)")
                #expect(stream.reasoning.last?.hasPrefix("succeeded") == true)
                #expect(stream.content.hasPrefix("![A kite](http://127.0.0.1:") && stream.content.contains("?sig="))
                let create = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(create.path == "/v1/models/black-forest-labs/flux-dev/predictions" && create.bearer == "r8-key")
                #expect(create.headers[HTTPField.Name("prefer")!] == "wait=10")
                let input = create.body?["input"]
                #expect(input?["prompt"] == "A kite" && input?["aspect_ratio"] == "3:2" && input?["seed"] == 7)
                #expect(input?["num_outputs"] == 1 && input?["negative_prompt"] == "rain")
                let polls = await recorder.requests.filter { $0.path == "/v1/predictions/p-A" }
                #expect(polls.count == 3 && polls.allSatisfy { $0.bearer == "r8-key" })
                let media = try await client.get("/v1/media").json?["data"]?.arrayValue
                #expect(media?.count == 1 && media?.first?["kind"] == "image" && media?.first?["model"] == "image/replicate/black-forest-labs/flux-dev")
            }
        }
    }

    @Test("a fast image model answers within the create call: no poll at all")
    func syncAnswer() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("image/replicate/black-forest-labs/flux-schnell", "fast fox"))
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(reply.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue?.hasPrefix("![fast fox](") == true)
                #expect(await recorder.requests.map(\.path) == ["/v1/models/black-forest-labs/flux-schnell/predictions", "/files/out.png"])
            }
        }
    }

    @Test("a video prediction sends duration and resolution, without Prefer, and links the MP4")
    func video() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("video/replicate/bytedance/seedance-1-lite", "A boat --duration 5 --resolution 720p", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.content.hasPrefix("[▶ A boat (5s)](http://127.0.0.1:"), "\(stream.content)")
                let create = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(create.path == "/v1/models/bytedance/seedance-1-lite/predictions" && create.headers[HTTPField.Name("prefer")!] == nil)
                #expect(create.body?["input"]?["duration"] == 5 && create.body?["input"]?["resolution"] == "720p")
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["mime_type"] == "video/mp4" && media?["duration"]?.doubleValue == 5)
            }
        }
    }

    @Test("a failed prediction fails the job with Replicate's reason, once, and stores nothing")
    func failure() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, _ in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("image/replicate/black-forest-labs/flux-dev", "broken kite"))
                #expect(reply.status.code == 502)
                let message = reply.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("Replicate could not make it: CUDA out of memory (job job_"), "\(message)")
                let job = try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first
                #expect(job?["status"] == "failed" && job?["error"]?["message"] == "Replicate could not make it: CUDA out of memory")
                #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("a prediction the safety checker refuses says the content filter refused, in the stream and the job")
    func contentFilter() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, _ in
            try await TestGateway.run(environment(base)) { client in
                let reason = "Replicate's content filter refused this request (NSFW content detected. Try running it again, or try a different prompt)"
                try await expectFailedJob(client, model: "image/replicate/black-forest-labs/flux-dev", prompt: "nsfw kite", reason: reason)
            }
        }
    }

    @Test("cancelling the job cancels the prediction through urls.cancel")
    func cancel() async throws {
        try await FakeUpstream.run(reply: replicateAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let request = Task { try await client.postJSON("/v1/chat/completions", chatBody("video/replicate/bytedance/seedance-1-lite", "stuck boat")) }
                #expect(await eventually { await recorder.requests.contains { $0.path == "/v1/predictions/p-stuck" } })
                let jobID = try #require(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
                let cancelled = try await client.postJSON("/v1/jobs/\(jobID)/cancel", [:])
                #expect(cancelled.json?["status"] == "cancelled")
                let cancel = await recorder.requests.first { $0.path == "/v1/predictions/p-stuck/cancel" }
                #expect(cancel?.method == "POST" && cancel?.bearer == "r8-key")
                #expect(try await request.value.status.code >= 400)
            }
        }
    }

    @Test("without REPLICATE_API_KEY its models are a 404 naming the variable")
    func noKey() async throws {
        try await TestGateway.run([:]) { client in
            let reply = try await client.postJSON("/v1/chat/completions", chatBody("image/replicate/black-forest-labs/flux-dev", "A kite"))
            #expect(reply.status == .notFound && reply.json?["error"]?["message"]?.stringValue?.contains("REPLICATE_API_KEY") == true)
        }
    }
}
