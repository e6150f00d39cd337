import Foundation
import NIOCore
import HTTPTypes
import Hummingbird
import PrismShared
import Testing
@testable import Proxy

/// One fake server plays the model (chat completions), Tavily (/search, /extract) and the Python executor
/// (/python). The model calls `call` until it sees a tool result, then answers with the result's first line.
private func toolWorld(call: JSONValue? = ["name": "web_search", "arguments": "{\"query\":\"swift\"}"], pythonDelay: Duration = .zero,
                       tavilyStatus: HTTPResponse.Status = .ok, tavilyRaw: String? = nil) -> FakeUpstream.Reply {
    { request, _ in
        switch request.path {
        case "/search":
            guard tavilyStatus == .ok else { return OpenAIWire.error(tavilyStatus, "tavily down") }
            if let tavilyRaw { return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: tavilyRaw))) }
            return OpenAIWire.json(["query": "swift", "results": [
                ["title": "Swift.org", "url": "https://swift.org", "content": "Swift is a language."],
                ["title": "Docs", "url": "https://docs.swift.org", "content": "The book."],
            ]])
        case "/extract":
            return OpenAIWire.json(["results": [["url": "https://swift.org", "raw_content": "Page text"]], "failed_results": []])
        case "/python":
            if pythonDelay > .zero { try await Task.sleep(for: pythonDelay) }
            return OpenAIWire.json(["output": "4\n", "result": "4"])
        default:
            let messages = request.body?["messages"]?.arrayValue ?? []
            if let toolMessage = messages.last(where: { $0["role"] == "tool" }) {
                let first = toolMessage["content"]?.stringValue?.split(separator: "\n").first.map(String.init) ?? ""
                return OpenAIWire.sse(OpenAIWire.streamEvents(["Answer: ", first], usage: true))
            }
            guard let call else { return OpenAIWire.sse(OpenAIWire.streamEvents(["no tools needed"])) }
            let events = [
                OpenAIWire.chunk(["role": "assistant", "tool_calls": [["index": 0, "id": "call_1", "type": "function", "function": ["name": call["name"]!, "arguments": ""]]]]).serialized(),
                OpenAIWire.chunk(["tool_calls": [["index": 0, "function": ["arguments": call["arguments"]!]]]]).serialized(),
                OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
            ]
            return OpenAIWire.sse(events)
        }
    }
}

private func env(_ base: String, _ extra: [String: String] = [:]) -> [String: String] {
    let root = String(base.dropLast(3))
    var env = ["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "TAVILY_API_KEY": "tvly-1", "TAVILY_BASE_URL": root,
               "PYTHON_URL": root + "/python", "PYTHON_API_KEY": "py-key"]
    env.merge(extra) { _, new in new }
    return env
}

@Suite("Built-in tools inside the model loop")
struct ToolLoopTests {
    @Test("web search: the gateway runs the tool, feeds the result back, shows progress and cites sources")
    func webSearchNonStreaming() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "What is Swift?", extra: ["tools": []]))
                #expect(response.status == .ok)
                let message = try #require(response.json?["choices"]?.arrayValue?.first?["message"])
                let content = message["content"]?.stringValue ?? ""
                #expect(content.hasPrefix("Answer: "))
                #expect(message["reasoning_content"]?.stringValue?.contains("searching the web: swift") == true)
                #expect(message["reasoning_content"]?.stringValue?.contains("2 results") == true)
                #expect(message["annotations"]?.arrayValue?.first?["url_citation"]?["url"] == "https://swift.org")
                #expect(response.json?["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
                let requests = await recorder.requests
                let search = try #require(requests.first { $0.path == "/search" })
                #expect(search.bearer == "tvly-1" && search.body?["query"] == "swift")
                let modelCalls = requests.filter { $0.path == "/v1/chat/completions" }
                #expect(modelCalls.count == 2)
                #expect(modelCalls[0].body?["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } == ["web_search", "web_extract", "python"])
                let fed = try #require(modelCalls[1].body?["messages"]?.arrayValue)
                #expect(fed[1]["tool_calls"]?.arrayValue?.first?["id"] == "call_1")
                #expect(fed[2]["role"] == "tool" && fed[2]["tool_call_id"] == "call_1")
                #expect(fed[2]["content"]?.stringValue?.contains("https://swift.org") == true)
            }
        }
    }

    @Test("streamed: progress lines arrive as reasoning_content, then the answer, annotations, stop and [DONE]")
    func webSearchStreaming() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "What is Swift?", stream: true, extra: ["tools": [], "stream_options": ["include_usage": true]]))
                let data = response.sseData
                #expect(data.last == "[DONE]")
                let chunks = data.dropLast().compactMap { try? JSONValue.parse($0) }
                let deltas = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
                let reasoning = deltas.compactMap { $0["reasoning_content"]?.stringValue }
                #expect(reasoning == ["searching the web: swift\n", "2 results\n"])
                let answer = deltas.compactMap { $0["content"]?.stringValue }.joined()
                #expect(answer.hasPrefix("Answer: "))
                #expect(deltas.contains { $0["annotations"] != nil })
                #expect(chunks.compactMap { $0["choices"]?.arrayValue?.first?["finish_reason"]?.stringValue }.last == "stop")
                #expect(chunks.last?["usage"]?["total_tokens"] == 7)
            }
        }
    }

    @Test("a call of a client-defined tool is returned to the client in OpenAI's shape")
    func clientTool() async throws {
        try await FakeUpstream.run(reply: toolWorld(call: ["name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"])) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let tools: JSONValue = [["type": "function", "function": ["name": "get_weather", "parameters": ["type": "object"]]]]
                let plain = try #require(try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Weather?", extra: ["tools": tools])).json)
                let choice = try #require(plain["choices"]?.arrayValue?.first)
                #expect(choice["finish_reason"] == "tool_calls")
                #expect(choice["message"]?["tool_calls"] == [["index": 0, "id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"]]])
                let streamed = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Weather?", stream: true, extra: ["tools": tools]))
                let calls = streamed.sseData.compactMap { try? JSONValue.parse($0) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["tool_calls"] }
                #expect(calls.first?.arrayValue?.first?["function"]?["name"] == "get_weather")
                #expect(await recorder.requests.filter { $0.path == "/search" }.isEmpty)
            }
        }
    }

    @Test("a model that never stops calling tools is cut off after TOOL_MAX_STEPS rounds and must answer")
    func stepLimit() async throws {
        let alwaysSearch: FakeUpstream.Reply = { request, recorder in
            if request.path == "/search" { return OpenAIWire.json(["results": []]) }
            if request.body?["tool_choice"] == "none" { return OpenAIWire.sse(OpenAIWire.streamEvents(["final"])) }
            let count = await recorder.requests.count
            return OpenAIWire.sse([
                OpenAIWire.chunk(["tool_calls": [["index": 0, "id": .string("call_\(count)"), "function": ["name": "web_search", "arguments": "{\"query\":\"again\"}"]]]]).serialized(),
                OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
            ])
        }
        try await FakeUpstream.run(reply: alwaysSearch) { base, recorder in
            try await TestGateway.run(env(base, ["TOOL_MAX_STEPS": "2"])) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Loop", extra: ["tools": []]))
                #expect(response.json?["choices"]?.arrayValue?.first?["message"]?["content"] == "final")
                #expect(await recorder.requests.filter { $0.path == "/v1/chat/completions" }.count == 3)
            }
        }
    }

    static let failures: [(JSONValue, String, HTTPResponse.Status, Int)] = [
        (["name": "web_search", "arguments": "{}"], "query is missing", .ok, 0),
        (["name": "web_search", "arguments": "{\"query\":\"x\"}"], "not a JSON object", .accepted, 0),
        (["name": "teleport", "arguments": "{}"], "there is no tool teleport", .ok, 0),
        (["name": "web_search", "arguments": "{not json"], "not a JSON object", .ok, 0),
        (["name": "web_search", "arguments": "{\"query\":\"x\"}"], "Tavily answered 500", .internalServerError, 0),
        (["name": "python", "arguments": "{\"code\":\"import time\"}"], "did not answer within 1 s", .ok, 3),
    ]

    @Test("an invented tool, bad arguments, a failing Tavily and a slow executor become results the model reads", arguments: failures)
    func failuresBecomeResults(call: JSONValue, expected: String, tavily: HTTPResponse.Status, delay: Int) async throws {
        let raw: String? = tavily == .accepted ? "<html>oops</html>" : nil
        try await FakeUpstream.run(reply: toolWorld(call: call, pythonDelay: .seconds(delay), tavilyStatus: tavily == .accepted ? .ok : tavily, tavilyRaw: raw)) { base, recorder in
            // Only the slow executor should meet the time limit; a loaded machine must not turn the others into timeouts.
            try await TestGateway.run(env(base, ["TOOL_TIMEOUT_SECONDS": delay > 0 ? "1" : "120"])) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Go", extra: ["tools": []]))
                #expect(response.status == .ok)
                let fed = await recorder.requests.filter { $0.path == "/v1/chat/completions" }.last?.body?["messages"]?.arrayValue?.last
                #expect(fed?["role"] == "tool")
                let content = fed?["content"]?.stringValue ?? ""
                #expect(content.contains(expected), "\(content)")
            }
        }
    }

    @Test("python runs on the executor with the code as text/plain and its Bearer key")
    func python() async throws {
        try await FakeUpstream.run(reply: toolWorld(call: ["name": "python", "arguments": "{\"code\":\"print(2+2)\"}"])) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Compute", extra: ["tools": []]))
                let message = response.json?["choices"]?.arrayValue?.first?["message"]
                #expect(message?["content"] == "Answer: output:")
                #expect(message?["reasoning_content"]?.stringValue?.contains("running python…") == true)
                #expect(message?["reasoning_content"]?.stringValue?.contains("done in") == true)
                let executed = try #require(await recorder.requests.first { $0.path == "/python" })
                #expect(executed.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(executed.bearer == "py-key")
            }
        }
    }

    @Test("without a tools array, or with no tool configured, requests pass through untouched")
    func passThrough() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Plain"))
                #expect(await recorder.requests.last?.body?["tools"] == nil)
            }
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Plain", extra: ["tools": []]))
                #expect(await recorder.requests.last?.body?["tools"] == [])
            }
        }
    }

    @Test("BYOK callers get tools only from their own x-tavily-api-key")
    func bringYourOwnToolKeys() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, recorder in
            try await TestGateway.run(env(base, ["PASSWORD": "pw", "ALLOW_BYOK": "true"])) { client in
                _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Go", extra: ["tools": []]), key: "gsk-own")
                #expect(await recorder.requests.filter { $0.path == "/search" }.isEmpty)
                _ = try await client.postJSON(
                    "/v1/chat/completions", chatBody("groq/x", "Go", extra: ["tools": []]), key: "gsk-own",
                    headers: [HTTPField.Name("x-tavily-api-key")!: "tvly-own"])
                #expect(await recorder.requests.first { $0.path == "/search" }?.bearer == "tvly-own")
            }
        }
    }

    @Test("responses: a web search shows as a web_search_call item with its events, and the answer cites the sources")
    func responsesWebSearch() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let response = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "What is Swift?", "tools": [], "stream": true])
                var parser = ServerSentEventParser()
                let events = parser.feed(response.body).compactMap { try? JSONValue.parse($0.data) }
                let types = events.compactMap { $0["type"]?.stringValue }
                let searchAdded = try #require(types.firstIndex(of: "response.output_item.added"))
                #expect(events[searchAdded]["item"]?["type"] == "web_search_call")
                #expect(events[searchAdded]["item"]?["action"]?["query"] == "swift")
                #expect(Array(types[(searchAdded + 1)...(searchAdded + 2)]) == ["response.web_search_call.in_progress", "response.web_search_call.searching"])
                #expect(types.contains("response.web_search_call.completed"))
                #expect(types.last == "response.completed")
                let final = try #require(events.last?["response"])
                let output = try #require(final["output"]?.arrayValue)
                #expect(output.map { $0["type"]?.stringValue ?? "" } == ["web_search_call", "message"])
                #expect(output[0]["status"] == "completed")
                let annotation = output[1]["content"]?.arrayValue?.first?["annotations"]?.arrayValue?.first
                #expect(annotation?["type"] == "url_citation" && annotation?["url"] == "https://swift.org")
                let stored = try await client.get("/v1/responses/\(final["id"]!.stringValue!)")
                #expect(stored.json == final)
            }
        }
    }

    @Test("responses: python shows as a code_interpreter_call with the executor's logs")
    func responsesPython() async throws {
        try await FakeUpstream.run(reply: toolWorld(call: ["name": "python", "arguments": "{\"code\":\"print(2+2)\"}"])) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let response = try #require(try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "Compute", "tools": []]).json)
                let call = try #require(response["output"]?.arrayValue?.first)
                #expect(call["type"] == "code_interpreter_call" && call["code"] == "print(2+2)" && call["status"] == "completed")
                #expect(call["outputs"]?.arrayValue?.first?["logs"]?.stringValue?.contains("4") == true)
            }
        }
    }

    @Test("a huge tool result is cut to TOOL_MAX_RESULT_CHARS before the model sees it")
    func oversizedResult() async throws {
        let huge = String(repeating: "x", count: 50_000)
        let raw: JSONValue = ["results": [["title": "Big", "url": "https://big.example", "content": .string(huge)]]]
        try await FakeUpstream.run(reply: toolWorld(tavilyRaw: raw.serialized())) { base, recorder in
            try await TestGateway.run(env(base, ["TOOL_MAX_RESULT_CHARS": "2000"])) { client in
                _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Go", extra: ["tools": []]))
                let fed = await recorder.requests.filter { $0.path == "/v1/chat/completions" }.last?.body?["messages"]?.arrayValue?.last
                let content = fed?["content"]?.stringValue ?? ""
                #expect(content.count < 2100)
                #expect(content.hasSuffix("(cut to 2000 characters)"))
            }
        }
    }

    @Test("a round mixing built-in and client tools returns only the client's calls")
    func mixedCalls() async throws {
        let mixed: FakeUpstream.Reply = { request, _ in
            if request.path == "/search" { return OpenAIWire.json(["results": []]) }
            return OpenAIWire.sse([
                OpenAIWire.chunk(["role": "assistant", "tool_calls": [
                    ["index": 0, "id": "call_s", "type": "function", "function": ["name": "web_search", "arguments": "{\"query\":\"q\"}"]],
                    ["index": 1, "id": "call_c", "type": "function", "function": ["name": "get_weather", "arguments": "{}"]],
                ]]).serialized(),
                OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
            ])
        }
        try await FakeUpstream.run(reply: mixed) { base, recorder in
            try await TestGateway.run(env(base)) { client in
                let tools: JSONValue = [["type": "function", "function": ["name": "get_weather", "parameters": ["type": "object"]]]]
                let response = try #require(try await client.postJSON("/v1/chat/completions", chatBody("groq/x", "Both", extra: ["tools": tools])).json)
                let calls = response["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue ?? []
                #expect(calls.count == 1)
                #expect(calls.first?["id"] == "call_c" && calls.first?["index"] == 0)
                #expect(await recorder.requests.filter { $0.path == "/search" }.isEmpty)
            }
        }
    }

    @Test("messages: built-in tools run for Anthropic clients too, their progress as a thinking block")
    func anthropicSurface() async throws {
        try await FakeUpstream.run(reply: toolWorld()) { base, _ in
            try await TestGateway.run(env(base)) { client in
                let body: JSONValue = [
                    "model": "groq/x", "max_tokens": 100, "stream": true, "messages": [["role": "user", "content": "What is Swift?"]],
                    "tools": [["type": "web_search_20250305", "name": "web_search"]],
                ]
                let response = try await client.postJSON("/v1/messages", body)
                var parser = ServerSentEventParser()
                let events = parser.feed(response.body).compactMap { try? JSONValue.parse($0.data) }
                let thinking = events.compactMap { $0["delta"]?["thinking"]?.stringValue }.joined()
                #expect(thinking == "searching the web: swift\n2 results\n")
                let text = events.compactMap { $0["delta"]?["text"]?.stringValue }.joined()
                #expect(text.hasPrefix("Answer: "))
                #expect(events.last?["type"] == "message_stop")
            }
        }
    }
}
