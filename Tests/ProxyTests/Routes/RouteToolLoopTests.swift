import Foundation
import HTTPTypes
import Hummingbird
import PrismShared
import Testing
@testable import Proxy

@Suite("The tool loop follows the route")
struct RouteToolLoopTests {
    /// Cerebras as the model (a web search call, then an answer from the tool result) and Tavily's search.
    static let cerebrasAndTavily: FakeUpstream.Reply = { request, _ in
        if request.path == "/search" {
            return OpenAIWire.json(["query": "swift", "results": [["title": "Swift.org", "url": "https://swift.org", "content": "Swift is a language."]]])
        }
        if request.body?["messages"]?.arrayValue?.contains(where: { $0["role"] == "tool" }) == true {
            return OpenAIWire.sse(OpenAIWire.streamEvents(["Answer from the tool"]))
        }
        return OpenAIWire.sse([
            OpenAIWire.chunk(["role": "assistant", "tool_calls": [["index": 0, "id": "call_1", "type": "function", "function": ["name": "web_search", "arguments": "{\"query\":\"swift\"}"]]]]).serialized(),
            OpenAIWire.chunk([:], finish: "tool_calls").serialized(), "[DONE]",
        ])
    }

    @Test("every round of the loop goes through the route, not only the first")
    func everyRound() async throws {
        try await RouteWorld.twoProviders(first: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }, second: Self.cerebrasAndTavily, tavilyOnSecond: true) { client, groq, cerebras in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("fast", "What is Swift?", extra: ["tools": []]))
            #expect(response.status == .ok)
            #expect(response.json?["choices"]?[0]?["message"]?["content"]?.stringValue == "Answer from the tool")
            #expect(response.headers[.prismProvider] == "cerebras" && response.headers[.prismRoute] == "fast")
            #expect(await groq.requests.count == 2, "both rounds tried the route's first target")
            #expect(await cerebras.requests.filter { $0.path == "/v1/chat/completions" }.count == 2)
        }
    }
}
