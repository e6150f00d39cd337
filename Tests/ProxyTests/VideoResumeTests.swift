import Foundation
import AsyncHTTPClient
import Hummingbird
import Media
import NIOCore
import PrismShared
import Testing
import Storage
@testable import Proxy

/// Ark's task API for a task an earlier run of the gateway created: running, then succeeded. Creating a
/// task again is answered with an error the test can see.
private let acceptedTaskAPI: FakeUpstream.Reply = { request, recorder in
    switch (request.method, request.path) {
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case ("GET", "/v1/contents/generations/tasks/cgt-9"):
        let polls = await recorder.requests.filter { $0.path == request.path }.count
        var body: JSONValue = ["id": "cgt-9", "status": polls < 2 ? "running" : "succeeded"]
        if polls >= 2 { body["content"] = ["video_url": .string("http://\(request.authority ?? "")/files/out.mp4")] }
        return OpenAIWire.json(body)
    case ("GET", let path) where path.hasPrefix("/v1/contents/generations/tasks/"):
        return OpenAIWire.json(["id": "cgt-1", "status": "queued"])
    case ("DELETE", _):
        return OpenAIWire.json([:])
    case ("POST", "/v1/contents/generations/tasks"):
        return OpenAIWire.json(["id": "cgt-1"])
    default:
        return OpenAIWire.json(["error": ["message": .string("unexpected \(request.method) \(request.path)")]], status: .badRequest)
    }
}

/// A data directory as a stopped gateway left it: a response waiting for a video job that had not ended.
private struct LeftBehind {
    let directory: String
    let responseID = Identifier.make("resp")
    let jobID: String

    init(principal: String = "admin", taskID: String?) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-resume-\(UUID().uuidString)").path
        let stores = try Stores.sqlite(directory: directory)
        let object: JSONValue = ["id": .string(responseID), "object": "response", "status": "in_progress", "model": "video/doubao-seedance", "output": []]
        try await stores.responses.save(NewStoredResponse(
            id: responseID, principal: principal, model: "video/doubao-seedance", status: "in_progress", previousResponseID: nil,
            createdAt: Int(Date().timeIntervalSince1970), object: object, inputItems: [], preview: "", firstUserText: "A paper boat"))
        var flags = ValidatedFlags()
        flags.integers["duration"] = 4
        let jobs = stores.jobs
        var job = try await jobs.create(
            principal: principal, model: "video/doubao-seedance", request: MediaRequest(model: "doubao-seedance", prompt: "A paper boat", flags: flags).stored,
            responseID: responseID, lease: JobLease(owner: "replica_gone", until: 0))
        job.status = .running
        job.providerTaskID = taskID
        job.startedAt = Date().timeIntervalSince1970
        try await jobs.save(job)
        jobID = job.id
    }

    func environment(_ base: String) -> [String: String] {
        ["DATA_DIR": directory, "DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite("media jobs across a restart")
struct VideoResumeTests {
    @Test("a job left running is followed again at its provider, and the response that waited for it is completed")
    func resumesAndCompletes() async throws {
        let left = try await LeftBehind(taskID: "cgt-9")
        defer { left.remove() }
        try await FakeUpstream.run(reply: acceptedTaskAPI) { base, recorder in
            try await TestGateway.run(left.environment(base)) { client in
                let finished = await eventually {
                    (try? await client.get("/v1/jobs/\(left.jobID)").json?["status"]) == "succeeded"
                }
                #expect(finished)
                let job = try #require(try await client.get("/v1/jobs/\(left.jobID)").json)
                #expect(job["response_id"] == .string(left.responseID))
                let response = try #require(try await client.get("/v1/responses/\(left.responseID)").json)
                #expect(response["status"] == "completed")
                let text = response["output"]?.arrayValue?.last?["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
                #expect(text.hasPrefix("[▶ A paper boat (4s)](http://127.0.0.1:"))
                let path = try #require(job["media"]?.arrayValue?.first?["url"]?.stringValue.flatMap { URL(string: $0) }.map { $0.path + "?" + ($0.query ?? "") })
                let video = try await client.get(path)
                #expect(video.status == .ok && Array(video.body.readableBytesView) == tinyMP4)
                #expect(await !recorder.requests.contains { $0.method == "POST" })
            }
        }
    }

    @Test("a job the provider had not accepted, or one that ran on a caller's own key, ends failed and its response says why",
          arguments: [("admin", nil, "cannot be picked up again"), ("byok_0123456789ab", "cgt-9", "own provider key")] as [(String, String?, String)])
    func abandoned(principal: String, taskID: String?, reason: String) async throws {
        let left = try await LeftBehind(principal: principal, taskID: taskID)
        defer { left.remove() }
        try await FakeUpstream.run(reply: acceptedTaskAPI) { base, recorder in
            try await TestGateway.run(left.environment(base)) { client in
                let ended = await eventually { (try? await client.get("/v1/jobs/\(left.jobID)").json?["status"]) == "failed" }
                #expect(ended)
                let job = try await client.get("/v1/jobs/\(left.jobID)").json
                #expect(job?["error"]?["message"]?.stringValue?.contains(reason) == true)
                let response = try await client.get("/v1/responses/\(left.responseID)").json
                #expect(response?["status"] == "failed")
                #expect(response?["error"]?["message"]?.stringValue?.contains(reason) == true)
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("cancelling a job cancels the provider's task and ends the job cancelled")
    func cancelReachesProvider() async throws {
        try await FakeUpstream.run(reply: acceptedTaskAPI) { base, recorder in
            try await TestGateway.run(["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                let request = Task { try await client.postJSON("/v1/responses", ["model": "video/doubao-seedance", "input": "A slow river"]) }
                let submitted = await eventually { await recorder.requests.contains { $0.path == "/v1/contents/generations/tasks/cgt-1" } }
                #expect(submitted)
                let jobID = try #require(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
                let cancelled = try await client.postJSON("/v1/jobs/\(jobID)/cancel", [:])
                #expect(cancelled.json?["status"] == "cancelled")
                #expect(await recorder.requests.contains { $0.method == "DELETE" && $0.path == "/v1/contents/generations/tasks/cgt-1" })
                let answer = try await request.value
                #expect(answer.status.code >= 400)
                let responseID = try #require(cancelled.json?["response_id"]?.stringValue)
                #expect(try await client.get("/v1/responses/\(responseID)").json?["status"] == "failed")
            }
        }
    }
}

@Suite("a quiet media job keeps its stream alive")
struct KeepAliveTests {
    /// Ark keeps the task queued for as long as the test runs.
    private static let stuckTask: FakeUpstream.Reply = { request, _ in
        request.method == "POST" ? OpenAIWire.json(["id": "cgt-1"]) : OpenAIWire.json(["id": "cgt-1", "status": "queued"])
    }

    /// Reads a streamed answer until `marker` has arrived (or the stream ends); returns what came.
    private static func read(_ uri: String, _ body: JSONValue, port: Int, until marker: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(body.byteBuffer())
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var text = ""
        for try await chunk in response.body {
            text += String(buffer: chunk)
            if text.contains(marker) { break }
        }
        return text
    }

    @Test("chat and Responses streams carry a keep-alive comment every 15 s, and no progress line repeats the one before it")
    func keepAlive() async throws {
        try await FakeUpstream.run(reply: Self.stuckTask) { base, _ in
            try await TestGateway.run(["DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base, "MEDIA_POLL_FIRST_MS": "500"]) { client in
                async let chat = Self.read("/v1/chat/completions", chatBody("video/doubao-seedance", "A boat", stream: true), port: client.port, until: ": keep-alive")
                async let responses = Self.read(
                    "/v1/responses", ["model": "video/doubao-seedance", "input": "A boat", "stream": true], port: client.port, until: ": keep-alive")
                let (chatText, responsesText) = try await (chat, responses)
                for text in [chatText, responsesText] {
                    #expect(text.contains(": keep-alive\n\n"))
                    // 15 s in the same "queued" state, with no estimate: said once, not again on each 5 s tick.
                    #expect(text.components(separatedBy: "queued, ").count == 2, "\(text)")
                }
                for job in try await client.get("/v1/jobs").json?["data"]?.arrayValue ?? [] {
                    _ = try await client.postJSON("/v1/jobs/\(job["id"]?.stringValue ?? "")/cancel", [:])
                }
            }
        }
    }
}
