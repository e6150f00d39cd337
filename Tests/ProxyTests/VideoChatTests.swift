import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// The first bytes of an MP4 file (an `ftyp` box), enough to be recognised as one.
let tinyMP4: [UInt8] = [0, 0, 0, 24] + Array("ftypmp42".utf8) + [0, 0, 0, 0] + Array("mp42isom".utf8) + [UInt8](repeating: 9, count: 100)

/// Ark's video task API: queued, then running, then succeeded with a video URL.
private let seedanceAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    switch request.path {
    case "/files/out.mp4":
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case "/v1/contents/generations/tasks":
        return OpenAIWire.json(["id": "cgt-1"])
    default:
        let polls = await recorder.requests.filter { $0.path == "/v1/contents/generations/tasks/cgt-1" }.count
        let status = polls < 2 ? "queued" : polls < 3 ? "running" : "succeeded"
        var body: JSONValue = ["id": "cgt-1", "status": .string(status)]
        if status == "succeeded" {
            body["content"] = ["video_url": .string("http://\(host)/files/out.mp4")]
            body["resolution"] = "720p"
        }
        return OpenAIWire.json(body)
    }
}

@Suite("video/doubao-seedance through chat")
struct VideoChatTests {
    @Test("flags are validated and written back in Seedance's syntax; the answer links to Prism's copy of the video")
    func seedance() async throws {
        try await FakeUpstream.run(reply: seedanceAPI) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500", "VIDEO_MARKUP": "html"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/doubao-seedance", "A paper boat \u{2014}ratio 9:16 --dur 4 --cf", stream: true))
                let deltas = response.sseData.dropLast().compactMap { try? JSONValue.parse($0) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
                let reasoning = deltas.compactMap { $0["reasoning_content"]?.stringValue }
                #expect(reasoning.contains { $0.hasPrefix("queued") } && reasoning.contains { $0.hasPrefix("running") })
                #expect(reasoning.last?.hasPrefix("succeeded") == true)
                let content = deltas.compactMap { $0["content"]?.stringValue }.joined()
                #expect(content.hasPrefix("[▶ A paper boat (4s)](http://127.0.0.1:"))
                #expect(content.contains(".mp4?sig=") && content.contains("\n\n<video controls>\n") && content.hasSuffix("\n</video>"))
                let task = try #require(await recorder.requests.first { $0.path == "/v1/contents/generations/tasks" }?.body)
                #expect(task["model"] == "doubao-seedance-1-0-lite-t2v-250428")
                #expect(task["content"]?.arrayValue?.first?["text"] == "A paper boat --ratio 9:16 --duration 4 --camerafixed true")
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["mime_type"] == "video/mp4" && media?["duration"]?.doubleValue == 4)
                #expect(media?["width"] == 720 && media?["height"] == 1280)
            }
        }
    }

    @Test("bad video flags are 400s that name the flag", arguments: ["A boat --duration 30", "A boat --resolution 4k", "A boat --ratio 5:4", "A boat --steps 3"])
    func badFlags(text: String) async throws {
        try await FakeUpstream.run(reply: seedanceAPI) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/doubao-seedance", text))
                #expect(response.status == .badRequest && response.json?["error"]?["code"] == "invalid_flag")
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("an image becomes the first frame (and the last with /repeat) of an image-to-video task; /v1/messages works too")
    func imageToVideo() async throws {
        try await FakeUpstream.run(reply: seedanceAPI) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "video/doubao-seedance", "max_tokens": 10, "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it move /repeat"],
                    ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": .string(Data(tinyPNG).base64EncodedString())]],
                ]]]]
                let message = try await client.postJSON("/v1/messages", body)
                #expect(message.status == .ok)
                let text = message.json?["content"]?.arrayValue?.last?["text"]?.stringValue ?? ""
                #expect(text.hasPrefix("[▶ make it move ("))
                let task = try #require(await recorder.requests.first { $0.path == "/v1/contents/generations/tasks" }?.body)
                #expect(task["model"] == "doubao-seedance-1-0-lite-i2v-250428")
                let frames = task["content"]?.arrayValue?.dropFirst().map { $0["role"]?.stringValue ?? "" }
                #expect(frames == ["first_frame", "last_frame"])
                #expect(task["content"]?.arrayValue?[1]["image_url"]?["url"] == .string(image))
            }
        }
    }
}

@Suite("video/<org>/<model> through Hugging Face inference")
struct HuggingFaceVideoTests {
    @Test("text-to-video sends the prompt and frames; the MP4 answer is stored and linked")
    func textToVideo() async throws {
        let reply: FakeUpstream.Reply = { _, _ in Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4))) }
        try await FakeUpstream.run(reply: reply) { base, recorder in
            try await TestGateway.run(["HUGGINGFACE_API_KEY": "hf", "HUGGINGFACE_INFERENCE_URL": String(base.dropLast(3)) + "/hf"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/Wan-AI/Wan2.2-TI2V-5B", "Waves --frames 49 --steps 20"))
                #expect(response.status == .ok, "\(response.text)")
                let content = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                #expect(content.hasPrefix("[▶ Waves](") && content.contains(".mp4?sig="))
                let call = try #require(await recorder.requests.first)
                #expect(call.path == "/hf/models/Wan-AI/Wan2.2-TI2V-5B" && call.bearer == "hf")
                #expect(call.body?["inputs"] == "Waves" && call.body?["parameters"]?["num_frames"] == 49 && call.body?["parameters"]?["num_inference_steps"] == 20)
            }
        }
    }
}

@Suite("video jobs that go wrong")
struct VideoFailureTests {
    /// Ark's task API where the prompt's first word picks how the task ends.
    static let troubledAPI: FakeUpstream.Reply = { request, _ in
        let host = request.authority ?? ""
        switch (request.method, request.path) {
        case ("POST", "/v1/contents/generations/tasks"):
            let word = request.body?["content"]?.arrayValue?.first?["text"]?.stringValue?.split(separator: " ").first ?? "ok"
            return OpenAIWire.json(["id": .string("cgt-\(word)")])
        case ("GET", "/files/page.html"):
            return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>nope</html>")))
        case ("GET", "/files/out.mp4"):
            return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
        case ("GET", let path):
            let id = path.split(separator: "/").last.map(String.init) ?? ""
            switch id {
            case "cgt-refused": return OpenAIWire.json(["id": .string(id), "status": "failed", "error": ["message": "the prompt was refused by the content policy"]])
            case "cgt-flagged":
                return OpenAIWire.json(["id": .string(id), "status": "failed", "error": [
                    "code": "OutputVideoSensitiveContentDetected", "message": "The request failed because the output video may contain sensitive information.",
                ]])
            case "cgt-cancelled": return OpenAIWire.json(["id": .string(id), "status": "cancelled"])
            case "cgt-html": return OpenAIWire.json(["id": .string(id), "status": "succeeded", "content": ["video_url": .string("http://\(host)/files/page.html")]])
            case "cgt-huge": return OpenAIWire.json(["id": .string(id), "status": "succeeded", "content": ["video_url": .string("http://\(host)/files/out.mp4")]])
            default: return OpenAIWire.json(["id": .string(id), "status": "queued"])
            }
        default:
            return OpenAIWire.json(["error": ["message": "unexpected"]], status: .badRequest)
        }
    }

    @Test("a refused, cancelled, non-video, oversized or timed-out task fails the job with a reason, and stores no media",
          arguments: [
            ("refused", 502, "Seedance could not make it: the prompt was refused by the content policy"),
            ("flagged", 502, "Seedance's content filter refused this request (The request failed because the output video may contain sensitive information)"),
            ("cancelled", 502, "Seedance cancelled the task"),
            ("html", 502, "not a video"), ("huge", 502, "larger than"), ("stuck", 504, "MEDIA_TIMEOUT_SECONDS"),
          ] as [(String, Int, String)])
    func failure(word: String, status: Int, reason: String) async throws {
        try await FakeUpstream.run(reply: Self.troubledAPI) { base, _ in
            // Only the stuck task should meet the time limit; a loaded machine must not turn the others into timeouts.
            let limit = word == "stuck" ? "2" : "120"
            let env = ["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500", "MEDIA_TIMEOUT_SECONDS": limit, "FETCH_MAX_BYTES": "64"]
            try await TestGateway.run(env) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/doubao-seedance", "\(word) boat"))
                #expect(response.status.code == status)
                #expect(response.json?["error"]?["message"]?.stringValue?.contains(reason) == true, "\(response.text)")
                let job = try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first
                #expect(job?["status"] == "failed" && job?["error"]?["message"]?.stringValue?.contains(reason) == true)
                #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }
}
