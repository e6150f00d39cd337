import Foundation
import PrismShared
import Hummingbird
@testable import Proxy

/// A gateway with a configuration file of routes, against real fake upstreams on 127.0.0.1.
enum RouteWorld {
    /// Writes `yaml` to a fresh file and runs the gateway with it as CONFIG_FILE.
    static func run<Value: Sendable>(
        yaml: String, env: [String: String], _ body: @Sendable (GatewayClient) async throws -> Value
    ) async throws -> Value {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prism-routes-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var env = env
        env["CONFIG_FILE"] = path
        return try await TestGateway.run(env, body)
    }

    /// Two fake providers, groq and cerebras, behind a route `fast` of `strategy` over both; with
    /// `tavilyOnSecond` the second also plays Tavily's search.
    static func twoProviders<Value: Sendable>(
        strategy: String = "fallback", first: @escaping FakeUpstream.Reply, second: @escaping FakeUpstream.Reply, env extra: [String: String] = [:],
        tavilyOnSecond: Bool = false,
        _ body: @Sendable (GatewayClient, UpstreamRecorder, UpstreamRecorder) async throws -> Value
    ) async throws -> Value {
        try await FakeUpstream.run(reply: first) { firstBase, firstRecorder in
            try await FakeUpstream.run(reply: second) { secondBase, secondRecorder in
                var env = ["GROQ_API_KEY": "k-groq", "GROQ_BASE_URL": firstBase, "CEREBRAS_API_KEY": "k-cerebras", "CEREBRAS_BASE_URL": secondBase]
                if tavilyOnSecond { env.merge(["TAVILY_API_KEY": "tvly-1", "TAVILY_BASE_URL": String(secondBase.dropLast(3))]) { _, new in new } }
                env.merge(extra) { _, new in new }
                let yaml = "routes:\n  fast:\n    strategy: \(strategy)\n    targets: [groq/first-model, cerebras/second-model]\n"
                return try await run(yaml: yaml, env: env) { client in try await body(client, firstRecorder, secondRecorder) }
            }
        }
    }

    /// A chat answer, streamed or whole as the request asked.
    static func answer(_ text: String) -> FakeUpstream.Reply {
        { request, _ in
            request.body?["stream"] == true ? OpenAIWire.sse(OpenAIWire.streamEvents([text])) : OpenAIWire.json(OpenAIWire.completion(text))
        }
    }
}

extension JSONValue {
    /// The element at `index` of an array, for reading answers in tests.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
