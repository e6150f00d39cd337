import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PrismShared
import Testing
@testable import Proxy

@Suite("Chat completions through a real fake upstream")
struct ChatCompletionsTests {
    @Test("a non-streaming answer is passed through and the upstream gets the unprefixed model and unknown fields")
    func nonStreaming() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("Paris", reasoning: "thinking…")) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON(
                    "/v1/chat/completions",
                    chatBody("groq/llama-3.1-8b", "Capital of France?", extra: ["top_k": 7, "store": false, "metadata": ["a": "b"]]))
                #expect(response.status == .ok)
                #expect(response.json?["choices"]?.arrayValue?.first?["message"]?["content"] == "Paris")
                #expect(response.json?["choices"]?.arrayValue?.first?["message"]?["reasoning_content"] == "thinking…")
                let sent = try #require(await recorder.requests.first)
                #expect(sent.path == "/v1/chat/completions")
                #expect(sent.bearer == "gsk-one")
                #expect(sent.body?["model"] == "llama-3.1-8b")
                #expect(sent.body?["top_k"] == 7)
                #expect(sent.body?["store"] == nil)
                #expect(sent.body?["metadata"] == nil)
            }
        }
    }

    @Test("the upstream body is the client's bytes with the model replaced and store/metadata dropped, nothing re-encoded")
    func splicedBody() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { client in
                // Spellings a parse-and-re-encode would change: exponent, trailing zero, negative zero, a
                // huge number, an escaped character, spacing inside a value, a duplicate key.
                let body = #"{"model": "groq/llama-3.1-8b", "store":true, "messages":[ {"role":"user","content":"caf\u00e9"} ], "temperature":1.50, "seed":1e3, "x_big":1E+400, "x_zero":-0, "x_dup":1, "x_dup":2, "metadata":{"a":"b"}}"#
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { $0 }
                #expect(response.status == .ok)
                let sent = try #require(await recorder.requests.first)
                #expect(sent.text == #"{"model": "llama-3.1-8b","messages":[ {"role":"user","content":"caf\u00e9"} ],"temperature":1.50,"seed":1e3,"x_big":1E+400,"x_zero":-0,"x_dup":1,"x_dup":2}"#)
            }
        }
    }

    @Test("a model without a known provider prefix goes to DEFAULT_PROVIDER with the whole name")
    func defaultProvider() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            try await TestGateway.run(["MISTRAL_API_KEY": "m-key", "MISTRAL_BASE_URL": base, "DEFAULT_PROVIDER": "mistral"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("openai/gpt-4o-mini"))
                #expect(response.status == .ok)
                #expect(await recorder.requests.first?.body?["model"] == "openai/gpt-4o-mini")
            }
        }
    }

    @Test("a custom endpoint without a key is called without Authorization")
    func customEndpoint() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("local")) }) { base, recorder in
            try await TestGateway.run(["CUSTOM_API_ENDPOINTS": #"{"local":{"baseURL":"\#(base)"}}"#]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("local/qwen3:8b"))
                #expect(response.status == .ok)
                let sent = try #require(await recorder.requests.first)
                #expect(sent.headers[.authorization] == nil)
                #expect(sent.body?["model"] == "qwen3:8b")
            }
        }
    }

    @Test("a stream is relayed event by event and ends with [DONE], usage included when asked")
    func streaming() async throws {
        let events = OpenAIWire.streamEvents(["Hel", "lo"], usage: true)
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON(
                    "/v1/chat/completions", chatBody("groq/x", stream: true, extra: ["stream_options": ["include_usage": true]]))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let data = response.sseData
                #expect(data.last == "[DONE]")
                let contents = data.dropLast().compactMap { try? JSONValue.parse($0) }.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
                #expect(contents.joined() == "Hello")
                #expect(data.dropLast().last.flatMap { try? JSONValue.parse($0) }?["usage"]?["total_tokens"] == 7)
                #expect(await recorder.requests.first?.body?["stream_options"]?["include_usage"] == true)
            }
        }
    }

    @Test("a stream that breaks mid-event ends with an error event and [DONE], never a torn line")
    func midStreamFailure() async throws {
        let events = OpenAIWire.streamEvents(["a", "b", "c"])
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.sse(events, failAfter: 2) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true))
                #expect(response.status == .ok)
                let data = response.sseData
                #expect(data.last == "[DONE]")
                try #require(data.count >= 2, "got \(data)")
                let error = try #require(try? JSONValue.parse(data[data.count - 2]))
                #expect(error["error"]?["type"] == "upstream_error")
                #expect(error["error"]?["message"] == "Provider groq closed the stream after 2 chunks, so the answer is cut short; ask again to get the rest.")
                // Every frame before the error is whole JSON.
                #expect(data.dropLast(2).allSatisfy { (try? JSONValue.parse($0)) != nil })
            }
        }
    }

    @Test("each upstream event reaches the client before the upstream sends the next one")
    func streamIsNotBuffered() async throws {
        let gate = Gate()
        let events = OpenAIWire.streamEvents(["one", "two"])
        try await FakeUpstream.run(reply: { _, _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "data: \(events[0])\n\n"))
                // The rest waits until the test has seen the first event arrive through Prism.
                await gate.wait()
                for event in events.dropFirst() { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
                try await writer.finish(nil)
            })
        }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { gateway in
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(gateway.port)/v1/chat/completions")
                request.method = .POST
                request.body = .bytes(chatBody("groq/x", stream: true).byteBuffer())
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                var iterator = response.body.makeAsyncIterator()
                let first = String(buffer: try #require(try await iterator.next()))
                gate.open()
                #expect(first.hasPrefix("data: "))
                #expect(!first.contains("\"one\""), "the first event came with later ones: \(first)")
                var rest = ""
                while let more = try await iterator.next() { rest += String(buffer: more) }
                #expect(rest.contains("\"two\"") && rest.hasSuffix("data: [DONE]\n\n"))
            }
        }
    }

    @Test("a client that goes away mid-stream cancels the upstream request")
    func disconnectCancelsUpstream() async throws {
        let events = OpenAIWire.streamEvents(Array(repeating: "tick", count: 200))
        try await FakeUpstream.run(reply: { _, recorder in OpenAIWire.sse(events, pause: .milliseconds(50), recorder: recorder) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-one", "GROQ_BASE_URL": base]) { gateway in
                let client = HTTPClient.shared
                let port = gateway.port
                let reader = Task {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
                    request.method = .POST
                    request.body = .bytes(chatBody("groq/x", stream: true).byteBuffer())
                    let response = try await client.execute(request, timeout: .seconds(30))
                    for try await _ in response.body {}
                }
                #expect(await eventually { await recorder.requests.count == 1 })
                reader.cancel()
                _ = await reader.result
                #expect(await eventually { await recorder.sawDisconnect })
            }
        }
    }
}
