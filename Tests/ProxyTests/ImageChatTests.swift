import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// A real 1×1 PNG.
let tinyPNG = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

/// Volcengine Ark's synchronous image API and a file server for its result URLs.
private func ark(status: HTTPResponse.Status = .ok) -> FakeUpstream.Reply {
    { request, _ in
        if request.path == "/files/result.png" {
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        }
        guard status == .ok else {
            return OpenAIWire.json(["error": [
                "code": "InputTextSensitiveContentDetected", "message": "The request failed because the prompt is sensitive.", "type": "BadRequest",
            ]], status: status)
        }
        let host = request.authority ?? "127.0.0.1"
        return OpenAIWire.json(["model": request.body?["model"] ?? "", "created": 1, "data": [["url": .string("http://\(host)/files/result.png")]]])
    }
}

private func env(_ base: String) -> [String: String] {
    ["DOUBAO_API_KEY": "ark-key", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k"]
}

@Suite("image/doubao through chat completions")
struct ImageChatTests {
    @Test("a streamed image job shows progress at once, then links to Prism's own copy of the image")
    func streamed() async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat \u{2014}ratio 16:9 --seed 7", stream: true))
                #expect(response.status == .ok)
                let jobID = try #require(response.headers[HTTPField.Name("X-Prism-Job-Id")!])
                let data = response.sseData
                #expect(data.last == "[DONE]")
                let deltas = data.dropLast().compactMap { try? JSONValue.parse($0) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
                let reasoning = deltas.compactMap { $0["reasoning_content"]?.stringValue }
                #expect(reasoning.first == "submitted to image/doubao…\n")
                #expect(reasoning.last?.hasPrefix("succeeded in ") == true)
                let content = deltas.compactMap { $0["content"]?.stringValue }.joined()
                #expect(content.hasPrefix("![A cat](http://127.0.0.1:"))
                #expect(content.contains("/v1/media/media_") && content.contains(".png?sig="))
                let sent = try #require(await recorder.requests.first?.body)
                #expect(sent["prompt"] == "A cat" && sent["size"] == "1280x720" && sent["seed"] == 7)
                #expect(sent["model"] == "doubao-seedream-3-0-t2i-250415")
                #expect(await recorder.requests.first?.bearer == "ark-key")
                let link = String(content.split(separator: "(")[1].dropLast())
                let path = String(link[link.range(of: "/v1/media/")!.lowerBound...])
                let image = try await client.get(path)
                #expect(image.status == .ok && Array(image.body.readableBytesView) == tinyPNG)
                let job = try #require(try await client.get("/v1/jobs/\(jobID)").json)
                #expect(job["status"] == "succeeded" && job["progress"]?.doubleValue == 1 && job["model"] == "image/doubao")
                #expect(job["media"]?.arrayValue?.count == 1)
            }
        }
    }

    @Test("non-streaming: the answer is the image link; the job id is in a header")
    func nonStreaming() async throws {
        try await FakeUpstream.run(reply: ark()) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A dog"))
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Prism-Job-Id")!]?.hasPrefix("job_") == true)
                let content = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                #expect(content.hasPrefix("![A dog]("))
                let list = try await client.get("/v1/media").json?["data"]?.arrayValue
                #expect(list?.first?["kind"] == "image" && list?.first?["width"] == 1 && list?.first?["prompt"] == "A dog")
            }
        }
    }

    @Test("bad flags, background tasks and /help are answered without starting a job", arguments: [
        ("A cat --steps 30", 400, "invalid_flag"),
        ("A cat --ratio wide", 400, "invalid_flag"),
        ("### Task: Generate a title for this chat", 400, "not_a_media_prompt"),
        ("--seed 3", 400, "missing_field"),
    ])
    func refused(text: String, status: Int, code: String) async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", text))
                #expect(Int(response.status.code) == status)
                #expect(response.json?["error"]?["code"]?.stringValue == code)
                #expect(await recorder.requests.isEmpty)
                #expect(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("/help lists the flags")
    func help() async throws {
        try await TestGateway.run(["DOUBAO_API_KEY": "k"]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "/help"))
            let text = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            #expect(text.contains("`--ratio`") && text.contains("`--seed`") && text.contains("Example:"))
        }
    }

    @Test("a provider refusal fails the job: 502 job_failed, or a failure line and an error event once streaming")
    func failure() async throws {
        try await FakeUpstream.run(reply: ark(status: .badRequest)) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let plain = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat"))
                #expect(plain.status == .badGateway && plain.json?["error"]?["code"] == "job_failed")
                #expect(plain.json?["error"]?["message"]?.stringValue?.hasPrefix(
                    "Seedream's content filter refused this request (The request failed because the prompt is sensitive) (job job_") == true,
                    "\(plain.text)")
                let streamed = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat", stream: true))
                let events = streamed.sseData.compactMap { try? JSONValue.parse($0) }
                #expect(events.last?["error"]?["code"] == "job_failed")
                let jobs = try await client.get("/v1/jobs").json?["data"]?.arrayValue ?? []
                #expect(jobs.count == 2 && jobs.allSatisfy { $0["status"] == "failed" && $0["error"]?["code"] == "job_failed" })
            }
        }
    }

    @Test("a refused or rate-limited Ark key gives way to the next key of DOUBAO_API_KEY")
    func keyRotation() async throws {
        let reply: FakeUpstream.Reply = { request, _ in
            if request.path == "/v1/images/generations", request.bearer != "good" {
                return OpenAIWire.error(request.bearer == "limited" ? .tooManyRequests : .unauthorized, "no")
            }
            return try await ark()(request, UpstreamRecorder())
        }
        try await FakeUpstream.run(reply: reply) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "bad,limited,good", "DOUBAO_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat"))
                #expect(response.status == .ok, "\(response.text)")
                let bearers = await recorder.requests.filter { $0.path == "/v1/images/generations" }.map(\.bearer)
                #expect(bearers == ["bad", "limited", "good"])
            }
        }
    }
}

@Suite("image/<org>/<model> through ModelScope's task API")
struct ModelScopeImageTests {
    /// ModelScope: a task that is PENDING, then RUNNING, then SUCCEED with an image URL.
    static let modelScope: FakeUpstream.Reply = { request, recorder in
        switch request.path {
        case "/files/out.png":
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        case "/v1/images/generations":
            return OpenAIWire.json(["task_id": "task-42", "request_id": "r1"])
        default:
            let polls = await recorder.requests.filter { $0.path == "/v1/tasks/task-42" }.count
            let status = polls < 2 ? "PENDING" : polls < 3 ? "RUNNING" : "SUCCEED"
            var body: JSONValue = ["task_status": .string(status)]
            if status == "SUCCEED" { body["output_images"] = [.string("http://\(request.authority ?? "")/files/out.png")] }
            return OpenAIWire.json(body)
        }
    }

    @Test("the task is submitted with the async header, polled with the task-type header, and its image delivered")
    func taskFlow() async throws {
        try await FakeUpstream.run(reply: Self.modelScope) { base, recorder in
            try await TestGateway.run(["MODELSCOPE_API_KEY": "ms-key", "MODELSCOPE_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/Qwen/Qwen-Image", "A fox --steps 20 --negative \"blur\"", stream: true))
                let deltas = response.sseData.dropLast().compactMap { try? JSONValue.parse($0) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
                let reasoning = deltas.compactMap { $0["reasoning_content"]?.stringValue }
                #expect(reasoning.contains { $0.hasPrefix("queued") })
                #expect(reasoning.contains { $0.hasPrefix("running (running)") || $0.hasPrefix("running") })
                #expect(reasoning.last?.hasPrefix("succeeded") == true)
                let content = deltas.compactMap { $0["content"]?.stringValue }.joined()
                #expect(content.hasPrefix("![A fox]("))
                let requests = await recorder.requests
                let submit = try #require(requests.first { $0.path == "/v1/images/generations" })
                #expect(submit.headers[HTTPField.Name("X-ModelScope-Async-Mode")!] == "true" && submit.bearer == "ms-key")
                #expect(submit.body?["model"] == "Qwen/Qwen-Image" && submit.body?["steps"] == 20 && submit.body?["negative_prompt"] == "blur")
                let poll = try #require(requests.first { $0.path == "/v1/tasks/task-42" })
                #expect(poll.headers[HTTPField.Name("X-ModelScope-Task-Type")!] == "image_generation")
                let models = try await client.get("/v1/models").json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(models.contains("image/Qwen/Qwen-Image"))
            }
        }
    }
}

extension ModelScopeImageTests {
    @Test("a refused submit or a FAILED task ends the job with ModelScope's own message", arguments: [
        ("refuse", "ModelScope answered 400: quota exhausted"), ("fail", "ModelScope failed: the image was flagged"),
    ])
    func failures(prompt: String, reason: String) async throws {
        let reply: FakeUpstream.Reply = { request, _ in
            switch request.path {
            case "/v1/images/generations" where request.body?["prompt"] == "refuse":
                return OpenAIWire.json(["errors": ["message": "quota exhausted"]], status: .badRequest)
            case "/v1/images/generations":
                return OpenAIWire.json(["task_id": "task-9"])
            default:
                return OpenAIWire.json(["task_status": "FAILED", "errors": ["message": "the image was flagged"]])
            }
        }
        try await FakeUpstream.run(reply: reply) { base, _ in
            try await TestGateway.run(["MODELSCOPE_API_KEY": "ms-key", "MODELSCOPE_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/Qwen/Qwen-Image", prompt))
                #expect(response.status == .badGateway)
                #expect(response.json?["error"]?["message"]?.stringValue?.contains(reason) == true, "\(response.text)")
            }
        }
    }
}

@Suite("image/ models through /v1/responses and /v1/messages, and edits that follow the conversation")
struct ImageResponsesTests {
    @Test("Anthropic clients get the progress as a thinking block and the image link as text")
    func anthropicSurface() async throws {
        try await FakeUpstream.run(reply: ark()) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/messages", [
                    "model": "image/doubao", "max_tokens": 100, "stream": true, "messages": [["role": "user", "content": "A tower --ratio 1:1"]],
                ])
                var parser = ServerSentEventParser()
                let events = parser.feed(response.body).compactMap { try? JSONValue.parse($0.data) }
                let thinking = events.compactMap { $0["delta"]?["thinking"]?.stringValue }.joined()
                #expect(thinking.hasPrefix("submitted to image/doubao…") && thinking.contains("succeeded"))
                let text = events.compactMap { $0["delta"]?["text"]?.stringValue }.joined()
                #expect(text.hasPrefix("![A tower]("))
                #expect(events.last?["type"] == "message_stop")
                let plain = try await client.postJSON("/v1/messages", ["model": "image/doubao", "max_tokens": 100, "messages": [["role": "user", "content": "A tower"]]])
                #expect(plain.json?["content"]?.arrayValue?.last?["type"] == "text")
                #expect(plain.json?["stop_reason"] == "end_turn")
            }
        }
    }

    @Test("a streamed image response: progress as a reasoning item, the link as the message, stored; the next turn edits it")
    func responsesAndEdit() async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let first = try await client.postJSON("/v1/responses", ["model": "image/doubao", "input": "A castle", "stream": true])
                #expect(first.headers[HTTPField.Name("X-Prism-Job-Id")!] != nil)
                let events = first.sseData.compactMap { try? JSONValue.parse($0) }
                #expect(events.contains { $0["type"] == "response.reasoning_summary_text.delta" })
                let final = try #require(events.last?["response"])
                #expect(events.last?["type"] == "response.completed")
                let output = try #require(final["output"]?.arrayValue)
                #expect(output.map { $0["type"]?.stringValue ?? "" } == ["reasoning", "message"])
                let text = output[1]["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
                #expect(text.hasPrefix("![A castle]("))
                #expect(await recorder.requests.first?.body?["image"] == nil)

                let edit = try #require(try await client.postJSON("/v1/responses", [
                    "model": "image/doubao", "input": "make it darker", "previous_response_id": final["id"]!,
                ]).json)
                #expect(edit["status"] == "completed")
                let sent = await recorder.requests.filter { $0.path == "/v1/images/generations" }.last?.body
                #expect(sent?["image"]?.stringValue?.hasPrefix("data:image/png;base64,") == true)
                #expect(sent?["prompt"] == "make it darker")
                #expect(sent?["model"] == "doubao-seededit-3-0-i2i-250628")

                _ = try await client.postJSON("/v1/responses", [
                    "model": "image/doubao", "input": "a new scene --new", "previous_response_id": edit["id"]!,
                ])
                #expect(await recorder.requests.filter { $0.path == "/v1/images/generations" }.last?.body?["image"] == nil)
            }
        }
    }

    @Test("in chat, the last assistant image of the history is the input of an edit")
    func chatHistoryEdit() async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let first = try #require(try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A ship")).json)
                let answer = try #require(first["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
                let body: JSONValue = ["model": "image/doubao", "messages": [
                    ["role": "user", "content": "A ship"], ["role": "assistant", "content": .string(answer)], ["role": "user", "content": "at night"],
                ]]
                #expect(try await client.postJSON("/v1/chat/completions", body).status == .ok)
                let sent = await recorder.requests.filter { $0.path == "/v1/images/generations" }.last?.body
                #expect(sent?["image"]?.stringValue?.hasPrefix("data:image/png;base64,") == true)
            }
        }
    }

    @Test("input images: a data: URI must hold an image within the size limit; a good one reaches the provider", arguments: [
        ("data:image/png;base64,\(Data("not an image at all".utf8).base64EncodedString())", 400),
        ("data:image/png,plain", 400),
        ("ftp://example.com/cat.png", 400),
        ("data:image/png;base64,\(Data(tinyPNG).base64EncodedString())", 200),
    ])
    func inputImages(url: String, status: Int) async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let body: JSONValue = ["model": "image/doubao", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it blue"], ["type": "image_url", "image_url": ["url": .string(url)]],
                ]]]]
                let response = try await client.postJSON("/v1/chat/completions", body)
                #expect(Int(response.status.code) == status)
                if status == 400 { #expect(response.json?["error"]?["code"] == "invalid_image") }
                if status == 200 { #expect(await recorder.requests.first?.body?["image"] == .string(url)) }
            }
        }
    }
}

@Suite("Media jobs outlive their clients; only cancel stops them")
struct JobLifecycleTests {
    static let pendingForever: FakeUpstream.Reply = { request, _ in
        if request.path == "/v1/images/generations" { return OpenAIWire.json(["task_id": "t-1"]) }
        return OpenAIWire.json(["task_status": "PENDING"])
    }

    @Test("cancel ends a running job as cancelled and answers the job; a finished job is answered as it ended")
    func cancel() async throws {
        try await FakeUpstream.run(reply: Self.pendingForever) { base, _ in
            try await TestGateway.run(["MODELSCOPE_API_KEY": "k", "MODELSCOPE_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let waiting = Task { try await client.postJSON("/v1/chat/completions", chatBody("image/Qwen/Qwen-Image", "A fox")) }
                #expect(await eventually { (try? await client.get("/v1/jobs").json?["data"]?.arrayValue?.count) == 1 })
                let jobs = try await client.get("/v1/jobs")
                let id = try #require(jobs.json?["data"]?.arrayValue?.first?["id"]?.stringValue)
                let cancelled = try await client.postJSON("/v1/jobs/\(id)/cancel", [:])
                #expect(cancelled.json?["status"] == "cancelled")
                let answer = try await waiting.value
                #expect(answer.status == .badGateway)
                let again = try await client.postJSON("/v1/jobs/\(id)/cancel", [:])
                #expect(again.json?["status"] == "cancelled")
                let unknown = try await client.postJSON("/v1/jobs/job_unknown/cancel", [:])
                #expect(unknown.status == .notFound)
            }
        }
    }

    @Test("a client that goes away does not stop the job: its result lands in the store")
    func outlivesClient() async throws {
        try await FakeUpstream.run(reply: ModelScopeImageTests.modelScope) { base, _ in
            try await TestGateway.run(["MODELSCOPE_API_KEY": "k", "MODELSCOPE_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { gateway in
                let port = gateway.port
                let reader = Task {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
                    request.method = .POST
                    request.body = .bytes(chatBody("image/Qwen/Qwen-Image", "A fox", stream: true).byteBuffer())
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    for try await _ in response.body {}
                }
                #expect(await eventually { (try? await gateway.get("/v1/jobs").json?["data"]?.arrayValue?.count) == 1 })
                reader.cancel()
                #expect(await eventually {
                    (try? await gateway.get("/v1/jobs").json?["data"]?.arrayValue?.first?["status"]) == "succeeded"
                })
                let media = try await gateway.get("/v1/media")
                #expect(media.json?["data"]?.arrayValue?.count == 1)
            }
        }
    }
}

@Suite("Hugging Face, OpenAI and Black Forest Labs image providers on their real protocols")
struct MoreImageProviderTests {
    static let world: FakeUpstream.Reply = { request, recorder in
        let host = request.authority ?? ""
        switch request.path {
        case "/files/out.png":
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        case "/hf/models/black-forest-labs/FLUX.1-dev", "/hf/models/Qwen/Qwen-Image-Edit":
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        case "/v1/images/generations", "/v1/images/edits":
            return OpenAIWire.json(["created": 1, "data": [["b64_json": .string(Data(tinyPNG).base64EncodedString())]]])
        case "/bfl/v1/flux-kontext-pro":
            return OpenAIWire.json(["id": "b-1", "polling_url": .string("http://\(host)/bfl/v1/get_result?id=b-1")])
        case "/bfl/v1/get_result":
            let polls = await recorder.requests.filter { $0.path == "/bfl/v1/get_result" }.count
            return polls < 2 ? OpenAIWire.json(["id": "b-1", "status": "Pending", "progress": 40])
                : OpenAIWire.json(["id": "b-1", "status": "Ready", "result": ["sample": .string("http://\(host)/files/out.png")]])
        default:
            return OpenAIWire.error(.notFound, "no such path \(request.path)")
        }
    }

    static func env(_ base: String) -> [String: String] {
        let root = String(base.dropLast(3))
        return ["HUGGINGFACE_API_KEY": "hf-key", "HUGGINGFACE_INFERENCE_URL": root + "/hf", "CHATGPT_API_KEY": "sk-key", "CHATGPT_BASE_URL": base,
                "BFL_API_KEY": "bfl-key", "BFL_BASE_URL": root + "/bfl", "MEDIA_POLL_FIRST_MS": "500"]
    }

    @Test("each provider is called as its API expects and its image is delivered", arguments: [
        ("image/huggingface/black-forest-labs/FLUX.1-dev", "/hf/models/black-forest-labs/FLUX.1-dev"),
        ("image/openai/gpt-image-1", "/v1/images/generations"),
        ("image/bfl/flux-kontext-pro", "/bfl/v1/flux-kontext-pro"),
    ])
    func providers(model: String, path: String) async throws {
        try await FakeUpstream.run(reply: Self.world) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                // OpenAI's images API takes no seed, so that flag would rightly be refused there.
                let response = try await client.postJSON("/v1/chat/completions", chatBody(model, model.contains("openai") ? "A kite --ratio 3:2" : "A kite --seed 5"))
                #expect(response.status == .ok, "\(response.text)")
                let content = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                #expect(content.hasPrefix("![A kite]("))
                let call = try #require(await recorder.requests.first { $0.path == path })
                switch model {
                case let name where name.contains("huggingface"):
                    #expect(call.bearer == "hf-key" && call.body?["inputs"] == "A kite" && call.body?["parameters"]?["seed"] == 5)
                case let name where name.contains("openai"):
                    #expect(call.bearer == "sk-key" && call.body?["model"] == "gpt-image-1" && call.body?["prompt"] == "A kite" && call.body?["size"] == "1536x1024")
                default:
                    #expect(call.headers[HTTPField.Name("x-key")!] == "bfl-key" && call.body?["seed"] == 5)
                    let poll = await recorder.requests.first { $0.path == "/bfl/v1/get_result" }
                    #expect(poll?.headers[HTTPField.Name("x-key")!] == "bfl-key")
                }
            }
        }
    }

    @Test("a BYOK caller's x-bfl-api-key reaches Black Forest Labs, on the task and on its polls")
    func ownBFLKey() async throws {
        try await FakeUpstream.run(reply: Self.world) { base, recorder in
            var env = Self.env(base)
            env["PASSWORD"] = "pw"
            env["ALLOW_BYOK"] = "true"
            try await TestGateway.run(env) { client in
                let response = try await client.postJSON(
                    "/v1/chat/completions", chatBody("image/bfl/flux-kontext-pro", "A kite"), key: "unrelated",
                    headers: [HTTPField.Name("x-bfl-api-key")!: "own-bfl-key"])
                #expect(response.status == .ok, "\(response.text)")
                let keys = await recorder.requests.filter { $0.path.hasPrefix("/bfl/") }.map { $0.headers[HTTPField.Name("x-key")!] }
                #expect(!keys.isEmpty && keys.allSatisfy { $0 == "own-bfl-key" })
            }
        }
    }

    @Test("a -vision model edits: the input image goes as base64 inputs, the prompt in parameters")
    func huggingFaceEdit() async throws {
        try await FakeUpstream.run(reply: Self.world) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "image/Qwen/Qwen-Image-Edit-vision", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it red"], ["type": "image_url", "image_url": ["url": .string(image)]],
                ]]]]
                #expect(try await client.postJSON("/v1/chat/completions", body).status == .ok)
                let call = try #require(await recorder.requests.first { $0.path == "/hf/models/Qwen/Qwen-Image-Edit" })
                #expect(call.body?["inputs"] == .string(Data(tinyPNG).base64EncodedString()))
                #expect(call.body?["parameters"]?["prompt"] == "make it red")
            }
        }
    }

    @Test("a client image URL is fetched for a provider that needs bytes, and refused when it points into a private range")
    func guardedFetch() async throws {
        try await FakeUpstream.run(reply: Self.world) { base, recorder in
            let url = String(base.dropLast(3)) + "/files/out.png"
            let body: JSONValue = ["model": "image/Qwen/Qwen-Image-Edit-vision", "messages": [["role": "user", "content": [
                ["type": "text", "text": "make it red"], ["type": "image_url", "image_url": ["url": .string(url)]],
            ]]]]
            try await TestGateway.run(Self.env(base)) { client in
                let refused = try await client.postJSON("/v1/chat/completions", body)
                #expect(refused.status == .badRequest && refused.json?["error"]?["code"] == "url_not_allowed")
            }
            var lenient = Self.env(base)
            lenient["FETCH_ALLOW_PRIVATE"] = "true"
            try await TestGateway.run(lenient) { client in
                let answer = try await client.postJSON("/v1/chat/completions", body)
                #expect(answer.status == .ok)
                let call = await recorder.requests.first { $0.path == "/hf/models/Qwen/Qwen-Image-Edit" }
                #expect(call?.body?["inputs"] == .string(Data(tinyPNG).base64EncodedString()))
            }
        }
    }

    @Test("OpenAI edits go to /images/edits as multipart with the image as a file")
    func openAIEdit() async throws {
        try await FakeUpstream.run(reply: Self.world) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "image/openai/gpt-image-1", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it red"], ["type": "image_url", "image_url": ["url": .string(image)]],
                ]]]]
                let answer = try await client.postJSON("/v1/chat/completions", body)
                #expect(answer.status == .ok)
                let call = try #require(await recorder.requests.first { $0.path == "/v1/images/edits" })
                #expect(call.headers[.contentType]?.hasPrefix("multipart/form-data; boundary=") == true)
                #expect(call.text.contains("name=\"prompt\"\r\n\r\nmake it red"))
                #expect(call.text.contains("name=\"image\"; filename=\"input.png\"") && call.text.contains("PNG"))
            }
        }
    }
}

@Suite("Media bad input: timeouts and oversized images")
struct MediaLimitTests {
    @Test("a job that outlasts MEDIA_TIMEOUT_SECONDS fails as a 504 job_timeout")
    func timeout() async throws {
        try await FakeUpstream.run(reply: JobLifecycleTests.pendingForever) { base, _ in
            try await TestGateway.run(["MODELSCOPE_API_KEY": "k", "MODELSCOPE_BASE_URL": base, "MEDIA_TIMEOUT_SECONDS": "1", "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/Qwen/Qwen-Image", "A fox"))
                #expect(response.status == .gatewayTimeout)
                #expect(response.json?["error"]?["code"] == "job_timeout")
                let job = try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first
                #expect(job?["status"] == "failed" && job?["error"]?["code"] == "job_timeout")
            }
        }
    }

    @Test("an input image over FETCH_MAX_BYTES is refused before any job starts")
    func oversized() async throws {
        try await FakeUpstream.run(reply: ark()) { base, recorder in
            var environment = env(base)
            environment["FETCH_MAX_BYTES"] = "16"
            try await TestGateway.run(environment) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "image/doubao", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "edit"], ["type": "image_url", "image_url": ["url": .string(image)]],
                ]]]]
                let response = try await client.postJSON("/v1/chat/completions", body)
                #expect(response.status == .badRequest && response.json?["error"]?["code"] == "invalid_image")
                #expect(await recorder.requests.isEmpty)
            }
        }
    }
}

@Suite("POST /v1/images/generations bad input")
struct ImagesEndpointTests {
    static let bodies: [(JSONValue, Int, String)] = [
        (["prompt": "A cat"], 400, "missing_field"),
        (["model": "image/doubao"], 400, "missing_field"),
        (["model": "image/doubao", "prompt": "A cat", "n": 2], 400, "invalid_value"),
        (["model": "image/doubao", "prompt": "A cat", "response_format": "png"], 400, "invalid_value"),
        (["model": "image/doubao", "prompt": "A cat", "size": "huge"], 400, "invalid_flag"),
        (["model": "image/nothing/at/all/here", "prompt": "A cat"], 404, "model_not_found"),
    ]

    @Test("each is refused with its SPEC §9 error before any job starts", arguments: bodies)
    func refused(body: JSONValue, status: Int, code: String) async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.internalServerError, "must not be called") }) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "k", "DOUBAO_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/images/generations", body)
                #expect(Int(response.status.code) == status, "\(response.text)")
                #expect(response.json?["error"]?["code"]?.stringValue == code)
                #expect(await recorder.requests.isEmpty)
                #expect(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }
}
