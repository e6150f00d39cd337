import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Alibaba Model Studio's asynchronous task API. The prompt's first word picks how a task goes: `refused`
/// is refused by content inspection when submitted, `flagged` when its output is inspected, `broken` fails,
/// `stuck` stays pending; anything else is pending, then running, then succeeds.
private let dashScopeAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    switch (request.method, request.path) {
    case ("GET", "/files/out.png"):
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case ("POST", "/api/v1/services/aigc/text2image/image-synthesis"), ("POST", "/api/v1/services/aigc/video-generation/video-synthesis"):
        guard request.headers[HTTPField.Name("x-dashscope-async")!] == "enable" else {
            return OpenAIWire.json(["code": "AccessDenied", "message": "current user api does not support synchronous calls", "request_id": "r-1"], status: .forbidden)
        }
        let word = request.body?["input"]?["prompt"]?.stringValue?.split(separator: " ").first.map(String.init) ?? "ok"
        if word == "refused" {
            return OpenAIWire.json(["code": "DataInspectionFailed", "message": "Input data may contain inappropriate content.", "request_id": "r-1"], status: .badRequest)
        }
        return OpenAIWire.json(["output": ["task_id": .string("t-\(word)"), "task_status": "PENDING"], "request_id": "r-1"])
    case ("POST", let path) where path.hasSuffix("/cancel"):
        return OpenAIWire.json(["request_id": "r-2"])
    case ("GET", let path) where path.hasPrefix("/api/v1/tasks/t-"):
        let id = String(path.dropFirst("/api/v1/tasks/".count))
        let polls = await recorder.requests.filter { $0.path == path }.count
        let video = await recorder.requests.contains { $0.path.hasSuffix("/video-synthesis") }
        var output: JSONValue = ["task_id": .string(id), "submit_time": "2025-09-01 09:37:27.468"]
        switch id {
        case _ where id == "t-stuck" || polls < 2: output["task_status"] = "PENDING"
        case _ where polls < 3: output["task_status"] = "RUNNING"
        case "t-broken":
            output["task_status"] = "FAILED"
            output["code"] = "InternalError.Algo"
            output["message"] = "Algorithm process error."
        case "t-flagged":
            output["task_status"] = "FAILED"
            output["code"] = "DataInspectionFailed"
            output["message"] = "Output data may contain inappropriate content."
        default:
            output["task_status"] = "SUCCEEDED"
            if video {
                output["video_url"] = .string("http://\(host)/files/out.mp4")
            } else {
                output["results"] = [["orig_prompt": "p", "actual_prompt": "p", "url": .string("http://\(host)/files/out.png")]]
            }
        }
        return OpenAIWire.json(["request_id": "r-3", "output": output])
    default:
        return OpenAIWire.json(["code": "NotFound", "message": .string("unexpected \(request.method) \(request.path)")], status: .notFound)
    }
}

private func environment(_ base: String) -> [String: String] {
    ["DASHSCOPE_API_KEY": "ds-key", "DASHSCOPE_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("image/dashscope and video/dashscope on Model Studio's task API")
struct DashScopeMediaTests {
    @Test("a Wan image task: W*H size, n, seed and the negative prompt in input; queued, running, then Prism's link")
    func wanImage() async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("image/dashscope/wan2.2-t2i-flash", "A harbour —ratio 16:9 --seed 4 --negative \"people\"", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.reasoning.contains { $0.hasPrefix("queued") } && stream.reasoning.contains { $0.hasPrefix("running") }, "\(stream.reasoning)")
                #expect(stream.reasoning.last?.hasPrefix("succeeded") == true)
                #expect(stream.content.hasPrefix("![A harbour](http://127.0.0.1:"))
                let task = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(task.bearer == "ds-key" && task.body?["model"] == "wan2.2-t2i-flash")
                #expect(task.body?["input"]?["prompt"] == "A harbour" && task.body?["input"]?["negative_prompt"] == "people")
                #expect(task.body?["parameters"] == ["n": 1, "size": "1280*720", "seed": 4])
                let polls = await recorder.requests.filter { $0.path == "/api/v1/tasks/t-A" }
                #expect(polls.count == 3 && polls.allSatisfy { $0.method == "GET" && $0.bearer == "ds-key" })
                let media = try await client.get("/v1/media").json?["data"]?.arrayValue
                #expect(media?.count == 1 && media?.first?["model"] == "image/dashscope/wan2.2-t2i-flash")
            }
        }
    }

    @Test("Qwen-Image maps a ratio to its own sizes and takes the negative prompt in parameters")
    func qwenImage() async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("image/dashscope/qwen-image", "A poster --ratio 16:9 --negative blur"))
                #expect(reply.status == .ok, "\(reply.text)")
                let task = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(task.body?["model"] == "qwen-image" && task.body?["input"] == ["prompt": "A poster"])
                #expect(task.body?["parameters"] == ["n": 1, "size": "1664*928", "negative_prompt": "blur"])
            }
        }
    }

    @Test("text-to-video takes the Wan size of its tier and ratio; the MP4 is stored with that shape")
    func textToVideo() async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("video/dashscope/wan2.2-t2v-plus", "A river --ratio 9:16 --resolution 480p --duration 5 --seed 2", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.content.hasPrefix("[▶ A river (5s)](http://127.0.0.1:"), "\(stream.content)")
                let task = try #require(await recorder.requests.first { $0.path == "/api/v1/services/aigc/video-generation/video-synthesis" })
                #expect(task.body?["model"] == "wan2.2-t2v-plus" && task.body?["parameters"] == ["size": "480*832", "duration": 5, "seed": 2])
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["width"] == 480 && media?["height"] == 832 && media?["duration"]?.doubleValue == 5)
            }
        }
    }

    @Test("an input image makes it image-to-video: the i2v model, img_url and a resolution tier")
    func imageToVideo() async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "video/dashscope/wan2.2-t2v-plus", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it move --resolution 720p"], ["type": "image_url", "image_url": ["url": .string(image)]],
                ]]]]
                let reply = try await client.postJSON("/v1/chat/completions", body)
                #expect(reply.status == .ok, "\(reply.text)")
                let task = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(task.body?["model"] == "wan2.2-i2v-plus" && task.body?["input"]?["img_url"] == .string(image))
                #expect(task.body?["parameters"] == ["resolution": "720P"])
            }
        }
    }

    @Test("a failed task, or one refused by content inspection when submitted or inspected, fails the job with the reason",
          arguments: [
            ("broken", "DashScope could not make it: Algorithm process error"),
            ("refused", "DashScope's content filter refused this request (Input data may contain inappropriate content)"),
            ("flagged", "DashScope's content filter refused this request (Output data may contain inappropriate content)"),
          ])
    func failure(word: String, reason: String) async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, _ in
            try await TestGateway.run(environment(base)) { client in
                try await expectFailedJob(client, model: "image/dashscope/wan2.2-t2i-flash", prompt: "\(word) harbour", reason: reason)
            }
        }
    }

    @Test("cancelling the job cancels the pending task")
    func cancel() async throws {
        try await FakeUpstream.run(reply: dashScopeAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let request = Task { try await client.postJSON("/v1/chat/completions", chatBody("video/dashscope/wan2.2-t2v-plus", "stuck river")) }
                #expect(await eventually { await recorder.requests.contains { $0.path == "/api/v1/tasks/t-stuck" } })
                let jobID = try #require(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
                #expect(try await client.postJSON("/v1/jobs/\(jobID)/cancel", [:]).json?["status"] == "cancelled")
                let cancel = await recorder.requests.first { $0.path == "/api/v1/tasks/t-stuck/cancel" }
                #expect(cancel?.method == "POST" && cancel?.bearer == "ds-key")
                #expect(try await request.value.status.code >= 400)
            }
        }
    }
}
