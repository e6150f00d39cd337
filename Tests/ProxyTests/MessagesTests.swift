import HTTPTypes
import Hummingbird
import PrismShared
import Testing
@testable import Proxy

@Suite("Anthropic Messages surface over a chat-completions upstream")
struct MessagesTests {
    static func env(_ base: String) -> [String: String] { ["GROQ_API_KEY": "k", "GROQ_BASE_URL": base] }
    static let anthropicHeaders: HTTPFields = [HTTPField.Name("anthropic-version")!: "2023-06-01"]

    @Test("a message is translated both ways: system, blocks, max_tokens and stop sequences in; content, stop_reason and usage out")
    func nonStreaming() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(OpenAIWire.streamEvents(["Bonjour"], usage: true)) }) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/messages", [
                    "model": "groq/llama", "max_tokens": 64, "system": [["type": "text", "text": "Speak French."]],
                    "stop_sequences": ["END"], "messages": [["role": "user", "content": [["type": "text", "text": "Hello"]]]],
                ], headers: Self.anthropicHeaders)
                #expect(response.status == .ok)
                let message = try #require(response.json)
                #expect(message["type"] == "message" && message["role"] == "assistant" && message["model"] == "groq/llama")
                #expect(message["id"]?.stringValue?.hasPrefix("msg_") == true)
                #expect(message["content"] == [["type": "text", "text": "Bonjour"]])
                #expect(message["stop_reason"] == "end_turn")
                #expect(message["usage"] == ["input_tokens": 5, "output_tokens": 2])
                let sent = try #require(await recorder.requests.first?.body)
                #expect(sent["max_tokens"] == 64 && sent["stop"] == ["END"] && sent["model"] == "llama")
                #expect(sent["messages"] == [["role": "system", "content": "Speak French."], ["role": "user", "content": "Hello"]])
            }
        }
    }

    @Test("a stream emits Anthropic's events in order, thinking from reasoning_content")
    func streaming() async throws {
        let events = [
            OpenAIWire.chunk(["role": "assistant", "reasoning_content": "Hmm"]).serialized(),
            OpenAIWire.chunk(["content": "Hi"]).serialized(),
            OpenAIWire.chunk(["content": " there"]).serialized(),
            OpenAIWire.chunk([:], finish: "length").serialized(), "[DONE]",
        ]
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events) }) { base, _ in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/messages", [
                    "model": "groq/llama", "max_tokens": 5, "stream": true, "messages": [["role": "user", "content": "Hello"]],
                ])
                var parser = ServerSentEventParser()
                var parsed = parser.feed(response.body)
                if let last = parser.finish() { parsed.append(last) }
                #expect(parsed.compactMap(\.event) == [
                    "message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
                    "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop",
                ])
                let data = parsed.compactMap { try? JSONValue.parse($0.data) }
                #expect(zip(data, parsed).allSatisfy { $0["type"]?.stringValue == $1.event })
                #expect(data[3]["delta"] == ["type": "thinking_delta", "thinking": "Hmm"])
                #expect(data[6]["delta"] == ["type": "text_delta", "text": "Hi"] && data[6]["index"] == 1)
                #expect(data[9]["delta"]?["stop_reason"] == "max_tokens")
            }
        }
    }

    @Test("tool use round trip: tool_calls become tool_use blocks; tool_result goes back as a tool message")
    func toolUse() async throws {
        let events = [
            OpenAIWire.chunk(["role": "assistant", "tool_calls": [["index": 0, "id": "call_9", "type": "function", "function": ["name": "lookup", "arguments": "{\"q\":"]]]]).serialized(),
            OpenAIWire.chunk(["tool_calls": [["index": 0, "function": ["arguments": "\"swift\"}"]]]]).serialized(),
            OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
        ]
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events) }) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let tools: JSONValue = [["name": "lookup", "description": "Search", "input_schema": ["type": "object", "properties": ["q": ["type": "string"]]]]]
                let first = try #require(try await client.postJSON("/v1/messages", [
                    "model": "groq/llama", "max_tokens": 50, "tools": tools, "tool_choice": ["type": "any"],
                    "messages": [["role": "user", "content": "Find swift"]],
                ]).json)
                #expect(first["stop_reason"] == "tool_use")
                #expect(first["content"] == [["type": "tool_use", "id": "call_9", "name": "lookup", "input": ["q": "swift"]]])
                let sentTools = await recorder.requests.first?.body
                #expect(sentTools?["tools"]?.arrayValue?.first?["function"]?["name"] == "lookup")
                #expect(sentTools?["tool_choice"] == "required")
                let streamed = try await client.postJSON("/v1/messages", [
                    "model": "groq/llama", "max_tokens": 50, "tools": tools, "stream": true, "messages": [["role": "user", "content": "Find swift"]],
                ])
                #expect(streamed.text.contains("\"input_json_delta\""))
                _ = try await client.postJSON("/v1/messages", [
                    "model": "groq/llama", "max_tokens": 50, "tools": tools,
                    "messages": [
                        ["role": "user", "content": "Find swift"],
                        ["role": "assistant", "content": first["content"]!],
                        ["role": "user", "content": [["type": "tool_result", "tool_use_id": "call_9", "content": "Swift is a language"]]],
                    ],
                ])
                let messages = try #require(await recorder.requests.last?.body?["messages"]?.arrayValue)
                #expect(messages[1]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == "{\"q\":\"swift\"}")
                #expect(messages[2] == ["role": "tool", "tool_call_id": "call_9", "content": "Swift is a language"])
            }
        }
    }

    static let invalidBodies: [(JSONValue, String)] = [
        (["model": "groq/x", "messages": [["role": "user", "content": "hi"]]], "max_tokens"),
        (["model": "groq/x", "max_tokens": 5, "messages": [["role": "user", "content": [["type": "video", "data": "x"]]]]], "video"),
        (["model": "groq/x", "max_tokens": 5, "messages": [["role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_x", "content": "r"]]]]], "toolu_x"),
        (["model": "groq/x", "max_tokens": 5, "messages": [["role": "user", "content": [["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "%%%"]]]]]], "base64"),
        (["model": "groq/x", "max_tokens": 5, "messages": [["role": "user", "content": [["type": "image", "source": ["type": "base64", "media_type": "image/tiff", "data": "AAAA"]]]]]], "media_type"),
        (["model": "groq/x", "max_tokens": 5, "messages": []], "messages"),
    ]

    @Test("bad requests get Anthropic-shaped 400s that name the problem", arguments: invalidBodies)
    func badRequests(body: JSONValue, mentions: String) async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(OpenAIWire.streamEvents(["x"])) }) { base, recorder in
            try await TestGateway.run(Self.env(base)) { client in
                let response = try await client.postJSON("/v1/messages", body)
                #expect(response.status == .badRequest)
                #expect(response.json?["type"] == "error")
                #expect(response.json?["error"]?["type"] == "invalid_request_error")
                #expect(response.json?["error"]?["message"]?.stringValue?.contains(mentions) == true, "\(response.text)")
                #expect(await recorder.requests.isEmpty)
            }
        }
    }

    @Test("keys by x-api-key; a wrong key is an Anthropic-shaped 401, other surfaces keep the OpenAI shape")
    func authentication() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(OpenAIWire.streamEvents(["ok"])) }) { base, _ in
            var env = Self.env(base)
            env["PASSWORD"] = "pw"
            try await TestGateway.run(env) { client in
                let body: JSONValue = ["model": "groq/x", "max_tokens": 5, "messages": [["role": "user", "content": "hi"]]]
                #expect(try await client.postJSON("/v1/messages", body, headers: [HTTPField.Name("x-api-key")!: "pw"]).status == .ok)
                let wrong = try await client.postJSON("/v1/messages", body, headers: [HTTPField.Name("x-api-key")!: "nope"])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.json?["type"] == "error" && wrong.json?["error"]?["type"] == "authentication_error")
                let openAI = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"), key: "nope")
                #expect(openAI.json?["error"]?["code"] == "invalid_api_key")
            }
        }
    }

    @Test("count_tokens answers an estimate and says so")
    func countTokens() async throws {
        try await TestGateway.run([:]) { client in
            let response = try await client.postJSON("/v1/messages/count_tokens", [
                "model": "groq/x", "system": "You are terse.", "messages": [["role": "user", "content": .string(String(repeating: "word ", count: 40))]],
            ])
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("x-prism-token-count")!] == "estimate")
            let tokens = try #require(response.json?["input_tokens"]?.intValue)
            #expect((50...80).contains(tokens))
        }
    }
}
