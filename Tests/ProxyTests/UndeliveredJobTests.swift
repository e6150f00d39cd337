import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Stop, then Regenerate, pays once (SPEC §5): a job whose result never reached a client is picked up by the
/// identical request that follows, with one submit at the provider; once delivered, the same request is a
/// new variant, and `--new` always is.
@Suite("Undelivered media jobs")
struct UndeliveredJobTests {
    /// Ark's video task API: each task runs until `finish` opens, then succeeds.
    static func heldSeedance(_ finish: Gate) -> FakeUpstream.Reply {
        { request, recorder in
            let host = request.authority ?? ""
            switch request.path {
            case "/files/out.mp4":
                return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
            case "/v1/contents/generations/tasks":
                let count = await recorder.requests.filter { $0.path == "/v1/contents/generations/tasks" }.count
                return OpenAIWire.json(["id": .string("cgt-\(count)")])
            default:
                let id = String(request.path.split(separator: "/").last ?? "")
                guard finish.isOpen else { return OpenAIWire.json(["id": .string(id), "status": "running"]) }
                return OpenAIWire.json(["id": .string(id), "status": "succeeded", "content": ["video_url": .string("http://\(host)/files/out.mp4")]])
            }
        }
    }

    static func submits(_ recorder: UpstreamRecorder) async -> Int {
        await recorder.requests.filter { $0.path == "/v1/contents/generations/tasks" }.count
    }

    @Test("Stop mid-job, then the same request: it picks the job up (one submit) and gets the result; afterwards the same request is a new job")
    func stopThenRegenerate() async throws {
        let finish = Gate()
        let logs = LogCapture()
        try await FakeUpstream.run(reply: Self.heldSeedance(finish)) { base, recorder in
            let env = ["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]
            try await TestGateway.run(env, logs: logs) { client in
                let body = chatBody("video/doubao-seedance", "A red kite over the dunes --duration 4", stream: true)
                // The first client reads until the job runs, then goes away as a chat UI's Stop does.
                let running = Gate()
                let first = Task { try await Self.stream(client.port, body, onceSeen: "running") { running.open() } }
                await running.wait()
                first.cancel()
                _ = await first.result
                #expect(await eventually { logs.text.contains("its client went away") })

                // Regenerate: the same request attaches, and only then does the provider finish.
                let text = try await Self.stream(client.port, body, onceSeen: "picking up") { finish.open() }
                let lines = text.split(separator: "\n").filter { $0.hasPrefix("data: {") }.compactMap { try? JSONValue.parse(Array($0.dropFirst(6).utf8)) }
                    .compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["reasoning_content"]?.stringValue }
                #expect(lines.first?.hasPrefix("picking up the job you started at ") == true, "\(lines)")
                #expect(lines.last?.hasPrefix("succeeded") == true, "\(lines)")
                #expect(text.contains(".mp4?sig="))
                #expect(await Self.submits(recorder) == 1)
                #expect(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.count == 1)

                // Delivered now: the same request is a new variant, and so is any request with --new.
                let third = try await client.postJSON("/v1/chat/completions", chatBody("video/doubao-seedance", "A red kite over the dunes --duration 4"))
                #expect(third.status == .ok && !(third.json?["choices"]?.arrayValue?.first?["message"]?["reasoning_content"]?.stringValue ?? "").contains("picking up"))
                #expect(await Self.submits(recorder) == 2)
            }
        }
    }

    /// Streams `body` to the chat endpoint and returns everything it said; `seen` runs once the text so far
    /// contains `marker`.
    static func stream(_ port: Int, _ body: JSONValue, onceSeen marker: String, _ seen: @Sendable () -> Void) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.body = .bytes(body.byteBuffer())
        return try await readToEnd(request, onceSeen: marker, seen)
    }

    @Test("--new starts a new job even when an identical one was never delivered; another prompt never attaches")
    func newAlwaysStartsOne() async throws {
        let finish = Gate()
        let logs = LogCapture()
        try await FakeUpstream.run(reply: Self.heldSeedance(finish)) { base, recorder in
            let env = ["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]
            try await TestGateway.run(env, logs: logs) { client in
                // Each job runs until the test ends; each client leaves once its job was submitted.
                for (text, submits) in [("A calm sea", 1), ("A calm sea --new", 2), ("A rough sea", 3)] {
                    let left = Task { try await client.postJSON("/v1/chat/completions", chatBody("video/doubao-seedance", text, stream: true)) }
                    #expect(await eventually { await Self.submits(recorder) == submits }, "\(text)")
                    left.cancel()
                    _ = await left.result
                }
                #expect(await eventually { logs.text.components(separatedBy: "its client went away").count == 4 })
                let jobs = try await client.get("/v1/jobs").json?["data"]?.arrayValue ?? []
                #expect(jobs.count == 3)
            }
            finish.open()
        }
    }
}
