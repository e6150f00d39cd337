import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// An upstream that answers every chat request with a stream saying `answer N`, N counting requests.
private let countingUpstream: FakeUpstream.Reply = { _, recorder in
    let count = await recorder.requests.count
    return OpenAIWire.sse(OpenAIWire.streamEvents(["answer ", "\(count)"], usage: true))
}

private func respond(_ client: GatewayClient, _ body: JSONValue, key: String? = nil) async throws -> JSONValue {
    let response = try await client.postJSON("/v1/responses", body, key: key)
    #expect(response.status == .ok, "\(response.text)")
    return try #require(response.json)
}

private func outputText(_ response: JSONValue) -> String {
    (response["output"]?.arrayValue ?? []).filter { $0["type"] == "message" }
        .flatMap { $0["content"]?.arrayValue ?? [] }.compactMap { $0["text"]?.stringValue }.joined()
}

@Suite("POST /v1/responses over a chat-completions upstream")
struct ResponsesTests {
    static func env(_ base: String) -> [String: String] { ["GROQ_API_KEY": "k", "GROQ_BASE_URL": base] }

    @Test("a non-streaming response is translated, answered, stored and retrievable")
    func nonStreaming() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await respond(client, [
                    "model": "groq/llama", "input": "Hello there", "instructions": "Be brief.", "temperature": 0.5,
                    "max_output_tokens": 50, "metadata": ["topic": "greeting"],
                ])
                let id = try #require(response["id"]?.stringValue)
                #expect(id.hasPrefix("resp_") && id.count >= 29)
                #expect(response["object"] == "response" && response["status"] == "completed")
                #expect(outputText(response) == "answer 1")
                #expect(response["usage"]?["input_tokens"] == 5 && response["usage"]?["output_tokens"] == 2 && response["usage"]?["total_tokens"] == 7)
                #expect(response["metadata"]?["topic"] == "greeting")
                let sent = try #require(await recorder.requests.first?.body)
                #expect(sent["model"] == "llama" && sent["stream"] == true && sent["max_tokens"] == 50 && sent["temperature"] == 0.5)
                #expect(sent["messages"] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hello there"]])
                let stored = try await client.get("/v1/responses/\(id)")
                #expect(stored.json == response)
                let items = try await client.get("/v1/responses/\(id)/input_items")
                #expect(items.json?["data"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"] == "Hello there")
            }
        }
    }

    @Test("a streamed response emits the SPEC's events in order with increasing sequence numbers, reasoning included")
    func streaming() async throws {
        let events = [
            OpenAIWire.chunk(["role": "assistant", "reasoning_content": "Let me think"]).serialized(),
            OpenAIWire.chunk(["reasoning_content": " hard."]).serialized(),
            OpenAIWire.chunk(["content": "Forty"]).serialized(),
            OpenAIWire.chunk(["content": "-two"]).serialized(),
            OpenAIWire.chunk([:], finish: "stop").serialized(), "[DONE]",
        ]
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events) }) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "?", "stream": true])
                #expect(response.status == .ok)
                var parser = ServerSentEventParser()
                var parsed = parser.feed(response.body)
                if let last = parser.finish() { parsed.append(last) }
                let types = parsed.compactMap(\.event)
                #expect(types == [
                    "response.created", "response.in_progress",
                    "response.output_item.added", "response.reasoning_summary_part.added",
                    "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                    "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                    "response.output_item.added", "response.content_part.added",
                    "response.output_text.delta", "response.output_text.delta",
                    "response.output_text.done", "response.content_part.done", "response.output_item.done",
                    "response.completed",
                ])
                let payloads = parsed.compactMap { try? JSONValue.parse($0.data) }
                #expect(payloads.map { $0["sequence_number"]?.intValue ?? -1 } == Array(0..<payloads.count))
                #expect(zip(payloads, types).allSatisfy { $0["type"]?.stringValue == $1 })
                let completed = try #require(payloads.last?["response"])
                #expect(outputText(completed) == "Forty-two")
                #expect(completed["output"]?.arrayValue?.first?["summary"]?.arrayValue?.first?["text"] == "Let me think hard.")
                let id = try #require(completed["id"]?.stringValue)
                #expect(try await client.get("/v1/responses/\(id)").json == completed)
            }
        }
    }

    @Test("a model calling a client tool gives a function_call item and its argument events")
    func functionCall() async throws {
        let events = [
            OpenAIWire.chunk(["role": "assistant", "tool_calls": [["index": 0, "id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": ""]]]]).serialized(),
            OpenAIWire.chunk(["tool_calls": [["index": 0, "function": ["arguments": "{\"city\":"]]]]).serialized(),
            OpenAIWire.chunk(["tool_calls": [["index": 0, "function": ["arguments": "\"Paris\"}"]]]]).serialized(),
            OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
        ]
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events) }) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let tools: JSONValue = [["type": "function", "name": "get_weather", "parameters": ["type": "object", "properties": ["city": ["type": "string"]]]]]
                let streamed = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "Weather?", "tools": tools, "stream": true])
                #expect(streamed.text.contains("event: response.function_call_arguments.delta"))
                #expect(streamed.text.contains("event: response.function_call_arguments.done"))
                let response = try await respond(client, ["model": "groq/x", "input": "Weather?", "tools": tools])
                let call = try #require(response["output"]?.arrayValue?.first)
                #expect(call["type"] == "function_call" && call["call_id"] == "call_1" && call["name"] == "get_weather")
                #expect(call["arguments"] == "{\"city\":\"Paris\"}")
                let sentTools = await recorder.requests.last?.body?["tools"]
                #expect(sentTools?.arrayValue?.first?["function"]?["name"] == "get_weather")
                // The client runs the tool and continues the chain with its output.
                _ = try await respond(client, [
                    "model": "groq/x", "previous_response_id": response["id"]!, "tools": tools,
                    "input": [["type": "function_call_output", "call_id": "call_1", "output": "sunny"]],
                ])
                let messages = try #require(await recorder.requests.last?.body?["messages"]?.arrayValue)
                #expect(messages.count == 3)
                #expect(messages[1]["tool_calls"]?.arrayValue?.first?["id"] == "call_1")
                #expect(messages[2] == ["role": "tool", "tool_call_id": "call_1", "content": "sunny"])
            }
        }
    }

    @Test("previous_response_id rebuilds the chain in order; only the new instructions apply; branches stay apart")
    func chainsAndBranches() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let first = try await respond(client, ["model": "groq/x", "input": "one", "instructions": "old rules"])
                let second = try await respond(client, ["model": "groq/x", "input": "two", "previous_response_id": first["id"]!])
                let third = try await respond(client, ["model": "groq/x", "input": "three", "previous_response_id": second["id"]!, "instructions": "new rules"])
                let messages = try #require(await recorder.requests.last?.body?["messages"])
                #expect(messages == [
                    ["role": "system", "content": "new rules"],
                    ["role": "user", "content": "one"], ["role": "assistant", "content": "answer 1"],
                    ["role": "user", "content": "two"], ["role": "assistant", "content": "answer 2"],
                    ["role": "user", "content": "three"],
                ])
                #expect(third["previous_response_id"] == second["id"])
                // A branch from the first response sees only the first turn.
                _ = try await respond(client, ["model": "groq/x", "input": "two-b", "previous_response_id": first["id"]!])
                let branch = try #require(await recorder.requests.last?.body?["messages"])
                #expect(branch == [
                    ["role": "user", "content": "one"], ["role": "assistant", "content": "answer 1"], ["role": "user", "content": "two-b"],
                ])
                let conversations = try await client.get("/v1/conversations")
                let list = try #require(conversations.json?["data"]?.arrayValue)
                #expect(list.count == 2)
                #expect(list.map { $0["turns"]?.intValue ?? 0 } == [2, 3])
                #expect(list.allSatisfy { $0["root_id"] == first["id"] && $0["title"] == "one" })
            }
        }
    }

    @Test("another principal gets 404 for a response, its items and as previous_response_id; the admin sees all")
    func scoping() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, _ in
            var env = Self.env(base)
            env["PASSWORD"] = "admin"
            env["API_KEYS"] = "alice,bob"
            try await TestGateway.run(env) { client in
                let mine = try await respond(client, ["model": "groq/x", "input": "secret"], key: "alice")
                let id = try #require(mine["id"]?.stringValue)
                #expect(try await client.get("/v1/responses/\(id)", key: "bob").status == .notFound)
                #expect(try await client.get("/v1/responses/\(id)/input_items", key: "bob").status == .notFound)
                let continued = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "more", "previous_response_id": .string(id)], key: "bob")
                #expect(continued.status == .notFound)
                #expect(continued.json?["error"]?["code"] == "response_not_found")
                #expect(try await client.execute(uri: "/v1/responses/\(id)", method: .delete, headers: [.authorization: "Bearer bob"]) { $0 }.status == .notFound)
                #expect(try await client.get("/v1/responses", key: "bob").json?["data"]?.arrayValue?.isEmpty == true)
                #expect(try await client.get("/v1/responses/\(id)", key: "admin").status == .ok)
                #expect(try await client.get("/v1/responses/\(id)", key: "alice").status == .ok)
            }
        }
    }

    @Test("store: false keeps nothing")
    func storeFalse() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await respond(client, ["model": "groq/x", "input": "hi", "store": false])
                #expect(response["store"] == false)
                #expect(try await client.get("/v1/responses/\(response["id"]!.stringValue!)").status == .notFound)
                #expect(try await client.get("/v1/responses").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("lists are newest first with exact pagination, prefix and model filters; delete and delete all")
    func listingAndDeleting() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                var ids: [String] = []
                for index in 0..<5 {
                    ids.append(try await respond(client, ["model": .string(index == 4 ? "groq/other" : "groq/x"), "input": .string("n\(index)")])["id"]!.stringValue!)
                }
                let page1 = try #require(try await client.get("/v1/responses?limit=2").json)
                #expect(page1["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
                #expect(page1["has_more"] == true && page1["last_id"] == .string(ids[3]))
                let page3 = try #require(try await client.get("/v1/responses?limit=2&after=\(ids[1])").json)
                #expect(page3["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
                #expect(page3["has_more"] == false)
                #expect(try await client.get("/v1/responses?model=groq/other").json?["data"]?.arrayValue?.count == 1)
                #expect(try await client.get("/v1/responses?prefix=\(ids[2].prefix(12))").json?["data"]?.arrayValue?.first?["id"] == .string(ids[2]))
                let deleted = try await client.execute(uri: "/v1/responses/\(ids[0])", method: .delete) { $0 }
                #expect(deleted.json == ["id": .string(ids[0]), "object": "response", "deleted": true])
                #expect(try await client.execute(uri: "/v1/responses/\(ids[0])", method: .delete) { $0 }.status == .notFound)
                let all = try await client.execute(uri: "/v1/responses/all", method: .delete) { $0 }
                #expect(all.json?["deleted_count"] == 4)
                #expect(try await client.get("/v1/responses").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("input_items pages by limit, order and after")
    func inputItemsPaging() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let input: JSONValue = .array((0..<5).map { ["role": "user", "content": .string("m\($0)")] })
                let id = try await respond(client, ["model": "groq/x", "input": input])["id"]!.stringValue!
                let texts = { (json: JSONValue?) in json?["data"]?.arrayValue?.compactMap { $0["content"]?.arrayValue?.first?["text"]?.stringValue } ?? [] }
                let descending = try await client.get("/v1/responses/\(id)/input_items?limit=2").json
                #expect(texts(descending) == ["m4", "m3"] && descending?["has_more"] == true)
                let ascending = try await client.get("/v1/responses/\(id)/input_items?order=asc&limit=3").json
                #expect(texts(ascending) == ["m0", "m1", "m2"])
                let after = try #require(ascending?["last_id"]?.stringValue)
                #expect(texts(try await client.get("/v1/responses/\(id)/input_items?order=asc&after=\(after)").json) == ["m3", "m4"])
            }
        }
    }

    @Test("a stored response replays as the same stream of events")
    func replay() async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await respond(client, ["model": "groq/x", "input": "hi"])
                let replay = try await client.get("/v1/responses/\(response["id"]!.stringValue!)?stream=true")
                #expect(replay.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let events = replay.sseData.compactMap { try? JSONValue.parse($0) }
                #expect(events.first?["type"] == "response.created")
                #expect(events.last?["type"] == "response.completed" && events.last?["response"] == response)
                #expect(events.filter { $0["type"] == "response.output_text.delta" }.compactMap { $0["delta"]?.stringValue }.joined() == "answer 1")
            }
        }
    }

    static let badInputs: [(JSONValue, Int, String)] = [
        (["model": "groq/x", "input": ""], 400, "invalid_type"),
        (["model": "groq/x", "input": []], 400, "invalid_type"),
        (["model": "groq/x"], 400, "missing_field"),
        (["input": "hi"], 400, "missing_field"),
        (["model": "groq/x", "input": [["type": "mystery_item"]]], 400, "invalid_type"),
        (["model": "groq/x", "input": [["role": "user", "content": [["type": "input_audio"]]]]], 400, "invalid_type"),
        (["model": "groq/x", "input": "hi", "previous_response_id": "resp_doesnotexist"], 404, "response_not_found"),
        (["model": "groq/x", "input": "hi", "previous_response_id": "../../etc"], 400, "invalid_type"),
        (["model": "groq/x", "input": "hi", "temperature": 9], 400, "invalid_type"),
        (["model": "groq/x", "input": "hi", "store": "yes"], 400, "invalid_type"),
    ]

    @Test("bad input is refused with SPEC §9 errors and nothing is written", arguments: badInputs)
    func badInput(body: JSONValue, status: Int, code: String) async throws {
        try await FakeUpstream.run(reply: countingUpstream) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/responses", body)
                #expect(Int(response.status.code) == status)
                #expect(response.json?["error"]?["code"]?.stringValue == code)
                #expect(await recorder.requests.isEmpty)
                #expect(try await client.get("/v1/responses").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("list parameters out of range and odd ids are 400s", arguments: [
        "/v1/responses?limit=0", "/v1/responses?limit=101", "/v1/responses?limit=ten", "/v1/responses?after=resp_unknown",
        "/v1/conversations?limit=-1", "/v1/responses/resp_x/input_items?order=sideways", "/v1/responses/bad%20id",
        "/v1/chat/completions?limit=500",
    ])
    func badListQueries(uri: String) async throws {
        try await TestGateway.run([:]) { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest, "\(uri): \(response.text)")
            #expect(response.json?["error"]?["type"] == "invalid_request_error")
        }
    }

    @Test("an upstream stream that breaks is stored as failed and ends with response.failed")
    func upstreamFailure() async throws {
        let events = OpenAIWire.streamEvents(["a", "b", "c"])
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events, failAfter: 2) }) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "hi", "stream": true])
                let last = try #require(response.sseData.last.flatMap { try? JSONValue.parse($0) })
                #expect(last["type"] == "response.failed")
                #expect(last["response"]?["error"]?["code"] == "upstream_failed")
                let id = try #require(last["response"]?["id"]?.stringValue)
                #expect(try await client.get("/v1/responses/\(id)").json?["status"] == "failed")
            }
        }
    }

    @Test("a client that goes away mid-stream leaves an incomplete stored response")
    func clientDisconnect() async throws {
        let events = OpenAIWire.streamEvents(Array(repeating: "tick ", count: 200))
        try await FakeUpstream.run(reply: { _, recorder in OpenAIWire.sse(events, pause: .milliseconds(50), recorder: recorder) }) { base, recorder in
            try await TestGateway.run(Self.env(base)) { gateway in
                let port = gateway.port
                let reader = Task {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
                    request.method = .POST
                    let body: JSONValue = ["model": "groq/x", "input": "count", "stream": true]
                    request.body = .bytes(body.byteBuffer())
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    for try await _ in response.body {}
                }
                #expect(await eventually { await recorder.requests.count == 1 })
                reader.cancel()
                _ = await reader.result
                #expect(await eventually { await recorder.sawDisconnect })
                #expect(await eventually {
                    let list = try? await gateway.get("/v1/responses").json?["data"]?.arrayValue
                    return list?.first?["status"] == "incomplete"
                })
            }
        }
    }
}
