import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// A 200 whose declared body never fully arrives: the connection closes after a few bytes.
private func truncatedAnswer() -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(contentLength: 400) { writer in
        try await writer.write(ByteBuffer(string: #"{"id":"chatcmpl-x","choices":[{"mess"#))
        throw CancellationError()
    })
}

/// An SSE stream of `events` (raw `data:` payloads) with no `[DONE]`.
private func rawStream(_ events: [String]) -> Response {
    Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
        for event in events { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
        try await writer.finish(nil)
    })
}

private let firstChunk = OpenAIWire.chunk(["role": "assistant", "content": "Hel"]).serialized()

@Suite("Broken upstream answers never reach a client as valid ones (SPEC §10)")
struct UpstreamIntegrityTests {
    @Test("a truncated non-streaming answer is retried on the next key; on the only key it is a 502 with a sentence")
    func truncated() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            request.bearer == "k-cut" ? truncatedAnswer() : OpenAIWire.json(OpenAIWire.completion("whole"))
        }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k-cut,k-good", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .ok)
                #expect(response.json?["choices"]?.arrayValue?.first?["message"]?["content"] == "whole")
                #expect(await recorder.bearers == ["k-cut", "k-good"])
            }
            try await TestGateway.run(["GROQ_API_KEY": "k-cut", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .badGateway)
                #expect(response.json?["error"]?["code"] == "upstream_failed")
                #expect(response.json?["error"]?["message"]?.stringValue?.contains("closed the connection before its answer was complete") == true)
            }
        }
    }

    @Test("a non-streaming answer that is not a JSON object is a 502, also when it is to be stored")
    func notJSON() async throws {
        try await FakeUpstream.run(reply: { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>busy</html>")))
        }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                for store in [false, true] {
                    let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", extra: ["store": .bool(store)]))
                    #expect(response.status == .badGateway)
                    #expect(response.json?["error"]?["message"]?.stringValue?.contains("not a JSON object") == true)
                }
            }
        }
    }

    @Test("an event that is not a JSON object ends the chat stream with an error; the junk is never relayed", arguments: [
        "[[[", "{not json", "null", "", "\"just a string\"",
    ])
    func junkEvents(junk: String) async throws {
        try await FakeUpstream.run(reply: { _, _ in rawStream([firstChunk, junk, firstChunk]) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let data = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true)).sseData
                #expect(data.count == 3, "\(data)")
                #expect(data.first == firstChunk)
                #expect(data.last == "[DONE]")
                let error = try #require(data.dropLast().last.flatMap { try? JSONValue.parse($0) })
                #expect(error["error"]?["message"] == "Provider groq sent an event that is not JSON after 1 chunks, so the answer is cut short; ask again.")
                #expect(data.allSatisfy { $0 == "[DONE]" || JSONValidator.isValid($0) })
            }
        }
    }

    @Test("a stream that stops without [DONE] or a finish reason says it was closed after N chunks, never 'could not be reached'")
    func cutStream() async throws {
        try await FakeUpstream.run(reply: { _, _ in rawStream([firstChunk, firstChunk]) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let data = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true)).sseData
                let message = data.dropLast().last.flatMap { try? JSONValue.parse($0) }?["error"]?["message"]?.stringValue
                #expect(message == "Provider groq closed the stream after 2 chunks, so the answer is cut short; ask again to get the rest.")
            }
        }
    }

    @Test("a stream that ends after its finish reason without [DONE] is complete")
    func finishWithoutDone() async throws {
        let finish = OpenAIWire.chunk([:], finish: "stop").serialized()
        try await FakeUpstream.run(reply: { _, _ in rawStream([firstChunk, finish]) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let data = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true)).sseData
                #expect(data == [firstChunk, finish, "[DONE]"])
            }
        }
    }

    @Test("Responses and Messages end a junk or cut stream as failed, never silently completed", arguments: [
        [firstChunk, "{not json"], [firstChunk],
    ])
    func otherSurfaces(events: [String]) async throws {
        try await FakeUpstream.run(reply: { _, _ in rawStream(events) }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base]) { client in
                let streamed = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "Hi", "stream": true])
                let final = try #require(streamed.sseData.last.flatMap { try? JSONValue.parse($0) })
                #expect(final["type"] == "response.failed")
                let id = try #require(final["response"]?["id"]?.stringValue)
                #expect(try await client.get("/v1/responses/\(id)").json?["status"] == "failed")
                let plain = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "Hi"])
                #expect(plain.json?["status"] == "failed")
                let messages = try await client.postJSON("/v1/messages", [
                    "model": "groq/x", "max_tokens": 10, "stream": true, "messages": [["role": "user", "content": "Hi"]],
                ])
                #expect(messages.text.contains("event: error"))
                #expect(!messages.text.contains("message_stop"))
            }
        }
    }
}

@Suite("Timeouts that match the work (SPEC §10)")
struct UpstreamTimeoutTests {
    @Test("an upstream silent before its first byte times out and the next key answers; on the only key it is a 504")
    func firstByte() async throws {
        let gate = Gate()
        try await FakeUpstream.run(reply: { request, _ in
            if request.bearer == "k-silent" { await gate.wait() }
            return OpenAIWire.json(OpenAIWire.completion("fast"))
        }) { base, recorder in
            // 3 s, not 1: a loaded machine must not make the fast key look silent too.
            let env = ["GROQ_BASE_URL": base, "UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS": "3"]
            try await TestGateway.run(env.merging(["GROQ_API_KEY": "k-silent,k-fast"]) { $1 }) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.json?["choices"]?.arrayValue?.first?["message"]?["content"] == "fast")
                #expect(await recorder.bearers == ["k-silent", "k-fast"])
            }
            try await TestGateway.run(env.merging(["GROQ_API_KEY": "k-silent"]) { $1 }) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .gatewayTimeout)
                #expect(response.json?["error"]?["message"]?.stringValue?.contains("UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS") == true)
            }
            gate.open()
        }
    }

    @Test("the whole request's budget ends the attempts even with keys left")
    func requestBudget() async throws {
        let gate = Gate()
        try await FakeUpstream.run(reply: { _, _ in
            await gate.wait()
            return OpenAIWire.json(OpenAIWire.completion("late"))
        }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2,k3", "GROQ_BASE_URL": base, "REQUEST_TIMEOUT_SECONDS": "3"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .gatewayTimeout)
                #expect(response.json?["error"]?["message"]?.stringValue?.contains("REQUEST_TIMEOUT_SECONDS") == true)
                #expect(await recorder.requests.count == 1)
            }
            gate.open()
        }
    }

    @Test("a stream silent for STREAM_IDLE_TIMEOUT_SECONDS ends with a timeout error event and [DONE]")
    func idleStream() async throws {
        let gate = Gate()
        try await FakeUpstream.run(reply: { _, _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "data: \(firstChunk)\n\n"))
                await gate.wait()
                try await writer.finish(nil)
            })
        }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "STREAM_IDLE_TIMEOUT_SECONDS": "1"]) { client in
                let data = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true)).sseData
                #expect(data.first == firstChunk)
                #expect(data.last == "[DONE]")
                let error = try #require(data.dropLast().last.flatMap { try? JSONValue.parse($0) })
                #expect(error["error"]?["type"] == "timeout_error")
                #expect(error["error"]?["message"]?.stringValue?.contains("sent nothing for 1 s") == true)
            }
            gate.open()
        }
    }

    @Test("while the upstream is silent the client hears keep-alive comments, then the rest of the answer")
    func keepAlive() async throws {
        let gate = Gate()
        let rest = OpenAIWire.streamEvents(["lo"])
        try await FakeUpstream.run(reply: { _, _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "data: \(firstChunk)\n\n"))
                await gate.wait()
                for event in rest { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
                try await writer.finish(nil)
            })
        }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "k", "GROQ_BASE_URL": base, "STREAM_KEEPALIVE_SECONDS": "1"]) { gateway in
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(gateway.port)/v1/chat/completions")
                request.method = .POST
                request.body = .bytes(chatBody("groq/x", stream: true).byteBuffer())
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                var text = ""
                for try await bytes in response.body {
                    text += String(buffer: bytes)
                    // The upstream holds the rest of its answer until the client has heard a keep-alive.
                    if text.contains(": keep-alive") { gate.open() }
                }
                #expect(text.contains(": keep-alive"))
                #expect(text.contains("\"lo\""))
                #expect(text.hasSuffix("data: [DONE]\n\n"))
            }
        }
    }
}
