import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PrismShared
@testable import Proxy

/// Builds the real application from an environment and runs it on a free loopback port.
enum TestGateway {
    static func run<Value: Sendable>(
        _ env: [String: String],
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let config = try GatewayConfig.load(environment: env, port: 0)
        let app = try buildApplication(config)
        return try await app.test(.live) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// POSTs a JSON body with an optional Bearer key.
    func postJSON(
        _ uri: String, _ body: JSONValue, key: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[.authorization] = "Bearer \(key)" }
        fields.append(contentsOf: headers)
        return try await execute(uri: uri, method: .post, headers: fields, body: body.byteBuffer()) { $0 }
    }

    func get(_ uri: String, key: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if let key { fields[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: .get, headers: fields) { $0 }
    }
}

extension TestResponse {
    var json: JSONValue? { try? JSONValue.parse(body.readableBytesView) }
    var text: String { String(buffer: body) }

    /// The `data:` payloads of an SSE body.
    var sseData: [String] {
        var parser = ServerSentEventParser()
        var events = parser.feed(body)
        if let last = parser.finish() { events.append(last) }
        return events.map(\.data)
    }
}

/// A chat request for `model` saying `text`.
func chatBody(_ model: String, _ text: String = "Hello", stream: Bool = false, extra: [String: JSONValue] = [:]) -> JSONValue {
    var body: JSONValue = ["model": .string(model), "messages": [["role": "user", "content": .string(text)]]]
    if stream { body["stream"] = true }
    for (key, value) in extra { body[key] = value }
    return body
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 5, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
