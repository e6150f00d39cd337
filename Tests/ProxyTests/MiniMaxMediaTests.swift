import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// MiniMax's video API: create, query, retrieve the file. The prompt's first word picks how a task goes:
/// `refused` is refused as sensitive input when created, `broken` fails; anything else is preparing,
/// queueing, processing, then a success with a file id.
private let miniMaxAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    let ok: JSONValue = ["status_code": 0, "status_msg": "success"]
    guard request.bearer == "mm-key" || !request.path.hasPrefix("/v1/") else {
        return OpenAIWire.json(["base_resp": ["status_code": 1004, "status_msg": "login fail: Please carry the API secret key in the 'Authorization' field"]])
    }
    switch (request.method, request.path) {
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case ("POST", "/v1/video_generation"):
        let word = request.body?["prompt"]?.stringValue?.split(separator: " ").first.map(String.init) ?? "ok"
        if word == "refused" { return OpenAIWire.json(["task_id": "", "base_resp": ["status_code": 1026, "status_msg": "input new_sensitive"]]) }
        return OpenAIWire.json(["task_id": .string("mm-\(word)"), "base_resp": ok])
    case ("GET", "/v1/query/video_generation"):
        let id = String(request.query?.split(separator: "=").last ?? "")
        let polls = await recorder.requests.filter { $0.path == request.path }.count
        let steps = ["Preparing", "Queueing", "Processing"]
        if polls <= steps.count { return OpenAIWire.json(["task_id": .string(id), "status": .string(steps[polls - 1]), "file_id": "", "base_resp": ok]) }
        if id == "mm-broken" {
            return OpenAIWire.json(["task_id": .string(id), "status": "Fail", "file_id": "", "base_resp": ["status_code": 1000, "status_msg": "unknown error"]])
        }
        return OpenAIWire.json(["task_id": .string(id), "status": "Success", "file_id": "176844028768320", "video_width": 1366, "video_height": 768, "base_resp": ok])
    case ("GET", "/v1/files/retrieve"):
        return OpenAIWire.json(["file": ["file_id": 176_844_028_768_320, "bytes": 5_896_337, "created_at": 1_700_469_398, "filename": "output_aigc.mp4",
                                         "purpose": "video_generation", "download_url": .string("http://\(host)/files/out.mp4")], "base_resp": ok])
    default:
        return OpenAIWire.json(["base_resp": ["status_code": 2013, "status_msg": .string("unexpected \(request.method) \(request.path)")]])
    }
}

private func environment(_ base: String) -> [String: String] {
    ["MINIMAX_API_KEY": "mm-key", "MINIMAX_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("video/minimax on MiniMax's video generation API")
struct MiniMaxMediaTests {
    @Test("a Hailuo task is queued, processed, its file retrieved and downloaded; the answer links Prism's copy")
    func textToVideo() async throws {
        try await FakeUpstream.run(reply: miniMaxAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("video/minimax/MiniMax-Hailuo-02", "A fox --dur 6 --rs 768p", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.reasoning.contains { $0.hasPrefix("queued") } && stream.reasoning.contains { $0.hasPrefix("running") }, "\(stream.reasoning)")
                #expect(stream.reasoning.last?.hasPrefix("succeeded") == true)
                #expect(stream.content.hasPrefix("[▶ A fox (6s)](http://127.0.0.1:"), "\(stream.content)")
                let create = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(create.path == "/v1/video_generation" && create.bearer == "mm-key")
                #expect(create.body == ["model": "MiniMax-Hailuo-02", "prompt": "A fox", "duration": 6, "resolution": "768P"])
                let queries = await recorder.requests.filter { $0.path == "/v1/query/video_generation" }
                #expect(queries.count == 4 && queries.allSatisfy { $0.query == "task_id=mm-A" })
                #expect(await recorder.requests.first { $0.path == "/v1/files/retrieve" }?.query == "file_id=176844028768320")
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["width"] == 1366 && media?["height"] == 768 && media?["duration"]?.doubleValue == 6)
            }
        }
    }

    @Test("an input image is the first frame, and with /repeat the last one too")
    func firstAndLastFrame() async throws {
        try await FakeUpstream.run(reply: miniMaxAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let image = "data:image/png;base64,\(Data(tinyPNG).base64EncodedString())"
                let body: JSONValue = ["model": "video/minimax/MiniMax-Hailuo-02", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it move /repeat"], ["type": "image_url", "image_url": ["url": .string(image)]],
                ]]]]
                let reply = try await client.postJSON("/v1/chat/completions", body)
                #expect(reply.status == .ok, "\(reply.text)")
                let create = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(create.body?["first_frame_image"] == .string(image) && create.body?["last_frame_image"] == .string(image))
            }
        }
    }

    @Test("a failed task, or a prompt refused as sensitive, fails the job with MiniMax's reason",
          arguments: [
            ("broken", "MiniMax could not make it: unknown error (code 1000)"),
            ("refused", "MiniMax's content filter refused this request (input new_sensitive)"),
          ])
    func failure(word: String, reason: String) async throws {
        try await FakeUpstream.run(reply: miniMaxAPI) { base, _ in
            try await TestGateway.run(environment(base)) { client in
                try await expectFailedJob(client, model: "video/minimax/MiniMax-Hailuo-02", prompt: "\(word) fox", reason: reason)
            }
        }
    }

    @Test("a bad flag is a 400 naming it, before anything reaches MiniMax")
    func badFlag() async throws {
        try await FakeUpstream.run(reply: miniMaxAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("video/minimax/MiniMax-Hailuo-02", "A fox --duration 7"))
                #expect(reply.status == .badRequest && reply.json?["error"]?["param"] == "duration")
                #expect(await recorder.requests.isEmpty)
            }
        }
    }
}
