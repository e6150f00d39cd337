import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// One JSON-RPC exchange with `/mcp`: the messages it answered with, whether as JSON or as an event stream.
private struct MCPReply {
    let reply: TestReply
    var messages: [JSONValue] {
        if reply.headers[.contentType]?.hasPrefix("text/event-stream") == true { return reply.sseData.compactMap { try? JSONValue.parse($0) } }
        return reply.json.map { [$0] } ?? []
    }
    var result: JSONValue? { messages.last?["result"] }
    var notifications: [JSONValue] { messages.filter { $0["method"] == "notifications/progress" } }
}

private func mcp(_ client: GatewayClient, _ method: String, _ params: JSONValue = [:], id: Int = 1, key: String? = nil) async throws -> MCPReply {
    let body: JSONValue = ["jsonrpc": "2.0", "id": JSONValue(id), "method": .string(method), "params": params]
    let reply = try await client.postJSON("/mcp", body, key: key, headers: [.accept: "application/json, text/event-stream"])
    return MCPReply(reply: reply)
}

/// Ark's synchronous image API and a file server for its result URLs (as in ImageChatTests).
private let ark: FakeUpstream.Reply = { request, _ in
    if request.path == "/files/result.png" {
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
    }
    if request.path.hasSuffix("/chat/completions") { return OpenAIWire.json(OpenAIWire.completion("Paris.", model: "llama-fake")) }
    let host = request.authority ?? "127.0.0.1"
    return OpenAIWire.json(["model": request.body?["model"] ?? "", "created": 1, "data": [["url": .string("http://\(host)/files/result.png")]]])
}

private func env(_ base: String) -> [String: String] {
    [
        "PASSWORD": "admin-key", "API_KEYS": "user-key,other-key", "DOUBAO_API_KEY": "ark-key", "DOUBAO_BASE_URL": base, "MEDIA_SIGNING_KEY": "k",
        "GROQ_API_KEY": "gsk-key", "GROQ_BASE_URL": base, "MCP_CHAT_MODEL": "groq/llama-fake",
    ]
}

@Suite("MCP server at /mcp")
struct MCPServerTests {
    @Test("initialize negotiates 2025-06-18, names Prism, offers tools and issues no session")
    func initialize() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let params: JSONValue = ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "test", "version": "1"]]
            let answer = try await mcp(client, "initialize", params, key: "admin-key")
            #expect(answer.reply.status == .ok)
            #expect(answer.reply.headers[HTTPField.Name("Mcp-Session-Id")!] == nil)
            let result = try #require(answer.result)
            #expect(result["protocolVersion"] == "2025-06-18" && result["serverInfo"]?["name"] == "prism")
            #expect(result["capabilities"]?["tools"] != nil)
        }
    }

    @Test("tools/list gives every tool of SPEC 16 with input and output schemas, and the server-side tools only when configured")
    func listTools() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let tools = try #require(try await mcp(client, "tools/list", key: "admin-key").result?["tools"]?.arrayValue)
            let names = tools.compactMap { $0["name"]?.stringValue }
            #expect(names == ["generate_image", "generate_video", "chat", "list_media", "get_job", "cancel_job", "list_models"])
            #expect(tools.allSatisfy { $0["inputSchema"]?["type"] == "object" && $0["outputSchema"]?["type"] == "object" })
        }
        try await TestGateway.run(["PASSWORD": "admin-key", "TAVILY_API_KEY": "tvly-key", "PYTHON_URL": "http://127.0.0.1:9/run"]) { client in
            let names = try await mcp(client, "tools/list", key: "admin-key").result?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("web_search") && names.contains("run_python"))
        }
    }

    @Test("generate_image runs the image job of the HTTP API: progress notifications, the picture inline, its links as structured content")
    func generateImage() async throws {
        try await FakeUpstream.run(reply: ark) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let params: JSONValue = [
                    "name": "generate_image", "arguments": ["prompt": "A cat", "model": "image/doubao", "ratio": "16:9", "seed": 7],
                    "_meta": ["progressToken": "p1"],
                ]
                let answer = try await mcp(client, "tools/call", params, key: "user-key")
                #expect(answer.reply.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let result = try #require(answer.result)
                #expect(result["isError"] == nil || result["isError"] == false)
                let image = try #require(result["content"]?.arrayValue?.first { $0["type"] == "image" })
                #expect(image["mimeType"] == "image/png" && image["data"]?.stringValue == Data(tinyPNG).base64EncodedString())
                let structured = try #require(result["structuredContent"])
                let jobID = try #require(structured["job_id"]?.stringValue)
                #expect(structured["media"]?.arrayValue?.first?["url"]?.stringValue?.contains("/v1/media/") == true)
                let progress = answer.notifications.compactMap { $0["params"] }
                #expect(progress.first?["message"]?.stringValue?.hasPrefix("submitted to image/doubao") == true)
                #expect(progress.allSatisfy { $0["progressToken"] == "p1" && $0["total"]?.doubleValue == 1 })
                #expect(progress.last?["progress"]?.doubleValue == 1)
                let fractions = progress.compactMap { $0["progress"]?.doubleValue }
                #expect(fractions == fractions.sorted() && Set(fractions).count == fractions.count)
                // The same job as HTTP sees it: owned by the user key, flags passed on as the chat path does.
                let job = try await client.get("/v1/jobs/\(jobID)", key: "user-key")
                #expect(job.status == .ok && job.json?["status"] == "succeeded")
                let sent = try #require(await recorder.requests.first?.body)
                #expect(sent["prompt"] == "A cat" && sent["size"] == "1280x720" && sent["seed"] == 7)
            }
        }
    }

    @Test("list_models, list_media, get_job and cancel_job answer what the HTTP endpoints answer, for the caller's key only")
    func listsAndJobs() async throws {
        try await FakeUpstream.run(reply: ark) { base, _ in
            try await TestGateway.run(env(base)) { client in
                func call(_ name: String, _ arguments: JSONValue, key: String = "user-key") async throws -> JSONValue {
                    try #require(try await mcp(client, "tools/call", ["name": .string(name), "arguments": arguments], key: key).result)
                }
                let images = try await call("list_models", ["family": "image"])
                #expect(images["structuredContent"]?["models"]?.arrayValue?.contains("image/doubao") == true)
                #expect(images["structuredContent"]?["models"]?.arrayValue?.allSatisfy { $0.stringValue?.hasPrefix("image/") == true } == true)
                let made = try await call("generate_image", ["prompt": "A fox", "model": "image/doubao"])
                let jobID = try #require(made["structuredContent"]?["job_id"]?.stringValue)
                let media = try await call("list_media", ["kind": "image", "limit": 5])
                #expect(media["structuredContent"]?["data"]?.arrayValue?.first?["job_id"]?.stringValue == jobID)
                let job = try await call("get_job", ["id": .string(jobID)])
                #expect(job["structuredContent"]?["status"] == "succeeded" && job["structuredContent"]?["object"] == "job")
                let cancelled = try await call("cancel_job", ["id": .string(jobID)])
                #expect(cancelled["structuredContent"]?["status"] == "succeeded")
                // Another user key sees nothing of it, as over HTTP.
                let foreign = try await call("get_job", ["id": .string(jobID)], key: "other-key")
                #expect(foreign["isError"] == true)
                #expect(foreign["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("There is no job \(jobID)") == true)
            }
        }
    }

    @Test("chat answers with the text model's reply, as POST /v1/chat/completions does")
    func chat() async throws {
        try await FakeUpstream.run(reply: ark) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let answer = try await mcp(client, "tools/call", ["name": "chat", "arguments": ["prompt": "Capital of France?"]], key: "user-key")
                let result = try #require(answer.result)
                #expect(result["content"]?.arrayValue?.first?["text"] == "Paris.")
                #expect(result["structuredContent"]?["content"] == "Paris.")
                let sent = try #require(await recorder.requests.first)
                #expect(sent.bearer == "gsk-key" && sent.body?["model"] == "llama-fake")
            }
        }
    }

    @Test("a managed key's rate limit counts the tool calls that reach a model, not the MCP messages around them")
    func rateLimitedToolCalls() async throws {
        try await FakeUpstream.run(reply: ark) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let created = try await client.postJSON("/v1/admin/keys", ["name": "agent", "rate_limit": ["rpd": 2]], key: "admin-key")
                let key = try #require(created.json?["key"]?.stringValue)
                #expect(try await mcp(client, "tools/list", key: key).result?["tools"] != nil)
                for _ in 0..<2 {
                    let answer = try await mcp(client, "tools/call", ["name": "chat", "arguments": ["prompt": "Capital of France?"]], key: key)
                    #expect(answer.result?["isError"] != true && answer.result?["structuredContent"]?["content"] == "Paris.", "\(answer.messages)")
                }
                let refused = try await mcp(client, "tools/call", ["name": "chat", "arguments": ["prompt": "And of Spain?"]], key: key)
                #expect(refused.result?["isError"] == true)
                #expect(refused.result?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("may send 2 requests per day") == true, "\(refused.messages)")
                #expect(await recorder.requests.count == 2)
            }
        }
    }

    @Test("a wrong-typed or missing argument is an isError result with a sentence, not a dropped session")
    func badArguments() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let wrong = try await mcp(client, "tools/call", ["name": "generate_image", "arguments": ["prompt": 5]], key: "admin-key")
            #expect(wrong.result?["isError"] == true)
            #expect(wrong.result?["content"]?.arrayValue?.first?["text"] == "The argument prompt of generate_image must be a string, not a number.")
            let missing = try await mcp(client, "tools/call", ["name": "get_job", "arguments": [:]], key: "admin-key")
            #expect(missing.result?["isError"] == true)
            #expect(missing.result?["content"]?.arrayValue?.first?["text"] == "get_job needs the argument id; see its input schema in tools/list.")
            // A client that takes JSON only gets the same result as one JSON message.
            let plain = try await client.postJSON(
                "/mcp", ["jsonrpc": "2.0", "id": "a", "method": "tools/call", "params": ["name": "get_job", "arguments": [:]]], key: "admin-key",
                headers: [.accept: "application/json"])
            #expect(plain.headers[.contentType] == "application/json" && plain.json?["id"] == "a" && plain.json?["result"]?["isError"] == true)
            let unknownJob = try await mcp(client, "tools/call", ["name": "get_job", "arguments": ["id": "job_nope"]], key: "admin-key")
            #expect(unknownJob.result?["isError"] == true)
            #expect(unknownJob.result?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("There is no job job_nope") == true)
        }
    }

    @Test("a progress line's percentage becomes the notification's fraction", arguments: [
        ("running, 40%, 12 s, about 30 s left", 0.4), ("running (Generating: 7% done), 12 s", 0.07), ("queued, 3 s", nil), ("100%", 1.0), ("running, 1000%", nil),
    ] as [(String, Double?)])
    func percentage(line: String, fraction: Double?) {
        #expect(MCPToolbox.percentage(in: line) == fraction)
    }

    @Test("an unknown tool is a JSON-RPC invalid-params error naming the tools")
    func unknownTool() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let answer = try await mcp(client, "tools/call", ["name": "make_coffee", "arguments": [:]], key: "admin-key")
            let error = try #require(answer.messages.last?["error"])
            #expect(error["code"] == -32602)
            #expect(error["message"]?.stringValue?.contains("There is no tool named make_coffee; the tools are generate_image") == true)
        }
    }

    @Test("without a key, /mcp answers 401 as a JSON-RPC error with the sentence and the SPEC section 9 object; GET and DELETE answer 405")
    func missingKey() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let answer = try await mcp(client, "tools/list")
            #expect(answer.reply.status == .unauthorized && answer.reply.headers[.wwwAuthenticate] == "Bearer")
            let error = try #require(answer.reply.json?["error"])
            #expect(error["code"] == -32001)
            #expect(error["message"] == "No API key was sent: send Authorization: Bearer <key> or x-api-key: <key>.")
            #expect(error["data"]?["type"] == "authentication_error" && error["data"]?["code"] == "invalid_api_key")
            let get = try await client.get("/mcp", key: "admin-key")
            #expect(get.status == .methodNotAllowed && get.headers[.allow] == "POST")
        }
    }

    @Test("a body that is not JSON-RPC, a batch or an odd id is refused with a JSON-RPC error; a notification is accepted with 202")
    func notJSONRPC() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let bad = try await client.postJSON("/mcp", ["hello": "world"], key: "admin-key")
            #expect(bad.status == .badRequest && bad.json?["error"]?["code"] == -32700)
            let note = try await client.postJSON("/mcp", ["jsonrpc": "2.0", "method": "notifications/initialized"], key: "admin-key")
            #expect(note.status == .accepted)
            // Messages the SDK would drop unanswered are refused at once rather than left waiting (schemathesis
            // found the first one hanging).
            let both = try await client.postJSON("/mcp", ["jsonrpc": "2.0", "id": 0, "method": "", "params": [:], "result": [:], "error": [:]], key: "admin-key")
            #expect(both.status == .badRequest && both.json?["error"]?["code"] == -32700)
            let batch = try await client.postJSON("/mcp", [["jsonrpc": "2.0", "id": 1, "method": "tools/list"]], key: "admin-key")
            #expect(batch.status == .badRequest && batch.json?["error"]?["code"] == -32600)
            let oddID = try await client.postJSON("/mcp", ["jsonrpc": "2.0", "id": 1.5, "method": "tools/list"], key: "admin-key")
            #expect(oddID.status == .badRequest && oddID.json?["error"]?["code"] == -32600)
        }
    }
}
