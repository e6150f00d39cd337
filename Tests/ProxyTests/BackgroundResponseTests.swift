import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import PrismShared
import Storage
import Testing
@testable import Proxy

/// Background responses (SPEC §15): answered at once, worked on without the client, their events stored as
/// they happen so a stream can be resumed, cancellable, and ended `incomplete` by a restart.
@Suite("Background responses")
struct BackgroundResponseTests {
    /// A text upstream that says "Hello" at once, then holds the rest until `gate` opens.
    static func held(_ gate: Gate) -> FakeUpstream.Reply {
        { _, recorder in
            let events = OpenAIWire.streamEvents(["Hello", " world", "!"], usage: true)
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                do {
                    for (index, event) in events.enumerated() {
                        if index == 2 { await gate.wait() }
                        try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                    }
                    try await writer.finish(nil)
                } catch {
                    await recorder.noteDisconnect()
                    throw error
                }
            })
        }
    }

    static func env(_ base: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "WEBHOOK_RETRY_SCALE": "0.001", "WEBHOOK_URL": base.replacingOccurrences(of: "/v1", with: "") + "/hooks/admin"]
            .merging(extra) { $1 }
    }

    static func events(_ reply: TestReply) -> [JSONValue] { reply.sseData.compactMap { try? JSONValue.parse($0) } }

    @Test("background: true answers queued at once; polling shows it completed; the stored events replay, and resume after a sequence number")
    func pollAndResume() async throws {
        let gate = Gate()
        defer { gate.open() }
        try await FakeUpstream.run(reply: Self.held(gate)) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let created = try await client.postJSON("/v1/responses", ["model": "groq/m", "input": "Say hello", "background": true])
                #expect(created.status == .ok, "\(created.text)")
                let id = try #require(created.json?["id"]?.stringValue)
                #expect(created.json?["status"] == "queued" && created.json?["background"] == true)
                #expect(try await client.get("/v1/responses/\(id)").json?["status"] != "completed")
                gate.open()
                #expect(await eventually { (try? await client.get("/v1/responses/\(id)").json?["status"]) == "completed" })
                let done = try #require(try await client.get("/v1/responses/\(id)").json)
                #expect(done["output"]?.arrayValue?.last?["content"]?.arrayValue?.first?["text"] == "Hello world!")

                let all = Self.events(try await client.get("/v1/responses/\(id)?stream=true"))
                #expect(all.first?["type"] == "response.created" && all.last?["type"] == "response.completed")
                #expect(all.compactMap { $0["sequence_number"]?.intValue } == Array(0..<all.count))
                let resumed = Self.events(try await client.get("/v1/responses/\(id)?stream=true&starting_after=3"))
                #expect(resumed.first?["sequence_number"] == 4 && resumed.count == all.count - 4)
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "response.completed" } })
                let hook = try #require(await recorder.requests.first { $0.path == "/hooks/admin" }?.body)
                #expect(hook["data"]?["id"] == .string(id) && hook["data"]?["output"] == nil)
            }
        }
    }

    @Test("a streamed background response goes on when its client leaves; a second client resumes mid-way and follows it live to the end")
    func resumeLive() async throws {
        let gate = Gate()
        defer { gate.open() }
        try await FakeUpstream.run(reply: Self.held(gate)) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                // The first client reads until "Hello" arrived, then goes away.
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.port)/v1/responses")
                request.method = .POST
                let body: JSONValue = ["model": "groq/m", "input": "Say hello", "background": true, "stream": true]
                request.body = .bytes(body.byteBuffer())
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                var text = ""
                for try await part in response.body {
                    text += String(buffer: part)
                    if text.contains("\"delta\":\"Hello\"") { break }
                }
                let id = try #require(text.split(separator: "\"id\":\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) })
                let seen = text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap { try? JSONValue.parse(Array($0.dropFirst(6).utf8)) }
                let lastSeen = try #require(seen.last?["sequence_number"]?.intValue)

                // The second resumes one event early: that event is replayed, and only once it arrived does the
                // upstream go on, so what follows reaches the second client live.
                let follower = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(client.port)/v1/responses/\(id)?stream=true&starting_after=\(lastSeen - 1)"), timeout: .seconds(60))
                var followed = ""
                for try await part in follower.body {
                    followed += String(buffer: part)
                    if followed.contains("\"delta\":\"Hello\"") { gate.open() }
                }
                let rest = followed.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap { try? JSONValue.parse(Array($0.dropFirst(6).utf8)) }
                #expect(rest.first?["sequence_number"]?.intValue == lastSeen && rest.last?["type"] == "response.completed", "\(followed)")
                let deltas = (seen + rest.dropFirst()).compactMap { $0["type"] == "response.output_text.delta" ? $0["delta"]?.stringValue : nil }.joined()
                #expect(deltas == "Hello world!")
            }
        }
    }

    @Test("cancel stops a background response: it is stored cancelled, its stream ends with response.cancelled, and a second cancel answers it unchanged")
    func cancel() async throws {
        let gate = Gate()
        defer { gate.open() }
        try await FakeUpstream.run(reply: Self.held(gate)) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let id = try #require(try await client.postJSON("/v1/responses", ["model": "groq/m", "input": "Say hello", "background": true]).json?["id"]?.stringValue)
                #expect(await eventually { await !recorder.requests.isEmpty })
                let cancelled = try await client.postJSON("/v1/responses/\(id)/cancel", [:])
                #expect(cancelled.status == .ok && cancelled.json?["status"] == "cancelled")
                #expect(try await client.postJSON("/v1/responses/\(id)/cancel", [:]).json?["status"] == "cancelled")
                #expect(Self.events(try await client.get("/v1/responses/\(id)?stream=true")).last?["type"] == "response.cancelled")
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "response.cancelled" } })
            }
            // The upstream's held handler ends now, so its server can stop.
            gate.open()
        }
    }

    @Test("a restart ends a cut text generation incomplete: stored so, and its stream ends with response.incomplete")
    func restartEndsIncomplete() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-background-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let gate = Gate()
        defer { gate.open() }
        try await FakeUpstream.run(reply: Self.held(gate)) { base, _ in
            let env = Self.env(base, ["DATA_DIR": directory])
            let id = try await TestGateway.run(env) { client in
                let id = try #require(try await client.postJSON("/v1/responses", ["model": "groq/m", "input": "Say hello", "background": true]).json?["id"]?.stringValue)
                // Read until "Hello" was stored and streamed; the upstream holds the rest.
                let stream = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(client.port)/v1/responses/\(id)?stream=true"), timeout: .seconds(60))
                var text = ""
                for try await part in stream.body {
                    text += String(buffer: part)
                    if text.contains("\"delta\":\"Hello\"") { break }
                }
                return id
            }
            try await TestGateway.run(env) { client in
                let stored = try #require(try await client.get("/v1/responses/\(id)").json)
                #expect(stored["status"] == "incomplete" && stored["incomplete_details"]?["reason"] == "interrupted", "\(stored)")
                #expect(Self.events(try await client.get("/v1/responses/\(id)?stream=true")).last?["type"] == "response.incomplete")
            }
            gate.open()
        }
    }

    @Test("after a kill, start-up ends a text generation left working as incomplete, gives its stream a final event and announces it")
    func recoveryAfterKill() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-recovery-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // What a killed run leaves: the response stored in_progress, its first events, no final one.
        do {
            let stores = try Stores.sqlite(directory: directory)
            let object: JSONValue = ["id": "resp_cut", "object": "response", "status": "in_progress", "background": true, "model": "groq/m", "output": []]
            try await stores.responses.save(NewStoredResponse(
                id: "resp_cut", principal: "admin", model: "groq/m", status: "in_progress", previousResponseID: nil, createdAt: 1_700_000_000,
                object: object, inputItems: [], preview: "", firstUserText: "Say hello"))
            try await stores.events.append([
                LoggedEvent(streamID: "resp_cut", sequence: 0, type: "response.created", data: #"{"type":"response.created","sequence_number":0}"#, isFinal: false),
            ])
        }
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json([:]) }) { base, recorder in
            try await TestGateway.run(Self.env(base, ["DATA_DIR": directory])) { client in
                let stored = try #require(try await client.get("/v1/responses/resp_cut").json)
                #expect(stored["status"] == "incomplete" && stored["incomplete_details"]?["reason"] == "interrupted", "\(stored)")
                let events = Self.events(try await client.get("/v1/responses/resp_cut?stream=true"))
                #expect(events.map { $0["sequence_number"]?.intValue } == [0, 1] && events.last?["type"] == "response.incomplete")
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "response.incomplete" } })
            }
        }
    }

    @Test("a background media response left by a stop is completed by its resumed job, announced by webhook, and its stream ends")
    func mediaAfterRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-media-bg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let stores = try Stores.sqlite(directory: directory)
            let object: JSONValue = ["id": "resp_video", "object": "response", "status": "in_progress", "background": true, "model": "video/doubao-seedance", "output": []]
            try await stores.responses.save(NewStoredResponse(
                id: "resp_video", principal: "admin", model: "video/doubao-seedance", status: "in_progress", previousResponseID: nil,
                createdAt: 1_700_000_000, object: object, inputItems: [], preview: "", firstUserText: "A paper boat"))
            try await stores.events.append([
                LoggedEvent(streamID: "resp_video", sequence: 0, type: "response.created", data: #"{"type":"response.created","sequence_number":0}"#, isFinal: false),
            ])
            var job = try await stores.jobs.create(
                principal: "admin", model: "video/doubao-seedance", request: MediaRequest(model: "doubao-seedance", prompt: "A paper boat", flags: ValidatedFlags()).stored,
                responseID: "resp_video", lease: JobLease(owner: "replica_gone", until: 0))
            job.status = .running
            job.providerTaskID = "cgt-9"
            job.startedAt = Date().timeIntervalSince1970
            try await stores.jobs.save(job)
        }
        let ark: FakeUpstream.Reply = { request, _ in
            if request.path == "/files/out.mp4" {
                return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
            }
            return OpenAIWire.json(["id": "cgt-9", "status": "succeeded", "content": ["video_url": .string("http://\(request.authority ?? "")/files/out.mp4")]])
        }
        try await FakeUpstream.run(reply: ark) { base, recorder in
            try await TestGateway.run(Self.env(base, ["DATA_DIR": directory, "DOUBAO_API_KEY": "ark", "DOUBAO_BASE_URL": base])) { client in
                #expect(await eventually { await recorder.requests.contains { $0.path == "/hooks/admin" && $0.body?["type"] == "response.completed" } })
                #expect(try await client.get("/v1/responses/resp_video").json?["status"] == "completed")
                let events = Self.events(try await client.get("/v1/responses/resp_video?stream=true"))
                #expect(events.map { $0["sequence_number"]?.intValue } == [0, 1] && events.last?["type"] == "response.completed")
                let hooks = await recorder.requests.filter { $0.path == "/hooks/admin" }.compactMap { $0.body?["type"]?.stringValue }
                #expect(hooks.filter { $0.hasPrefix("response.") } == ["response.completed"], "\(hooks)")
            }
        }
    }

    @Test("bad background requests: store false, starting_after not a number or beyond the end, cancel of a foreground response", arguments: [0, 1, 2, 3])
    func badInput(caseNumber: Int) async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(OpenAIWire.streamEvents(["Hi"])) }) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                switch caseNumber {
                case 0:
                    let reply = try await client.postJSON("/v1/responses", ["model": "groq/m", "input": "x", "background": true, "store": false])
                    #expect(reply.status == .badRequest && reply.json?["error"]?["param"] == "background")
                default:
                    let id = try #require(try await client.postJSON("/v1/responses", ["model": "groq/m", "input": "x"]).json?["id"]?.stringValue)
                    let reply: TestReply
                    switch caseNumber {
                    case 1: reply = try await client.get("/v1/responses/\(id)?stream=true&starting_after=abc")
                    case 2: reply = try await client.get("/v1/responses/\(id)?stream=true&starting_after=999")
                    default: reply = try await client.postJSON("/v1/responses/\(id)/cancel", [:])
                    }
                    #expect(reply.status == .badRequest, "\(reply.text)")
                    #expect(caseNumber == 3 || reply.json?["error"]?["param"] == "starting_after")
                }
            }
        }
    }
}
