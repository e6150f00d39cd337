import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PrismShared
@testable import Proxy

/// Builds the real application from an environment and runs it on a free loopback port.
enum TestGateway {
    static func run<Value: Sendable>(
        _ env: [String: String],
        logs: LogCapture? = nil,
        _ body: @Sendable (GatewayClient) async throws -> Value
    ) async throws -> Value {
        var env = env
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-test-\(UUID().uuidString)").path
        if env["DATA_DIR"] == nil { env["DATA_DIR"] = directory }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try GatewayConfig.load(environment: env, port: 0)
        let app = try await buildApplication(config, logger: logs?.logger ?? Logger(label: "prism"))
        return try await app.test(.live) { client in try await body(GatewayClient(port: client.port!)) }
    }
}

/// What a test got back.
struct TestReply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer

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

/// A real HTTP client for the gateway under test. It honours `Connection: close` (which streamed answers
/// send), unlike a single-connection test client.
struct GatewayClient: Sendable {
    let port: Int

    func execute<Value>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        _ handle: (TestReply) async throws -> Value
    ) async throws -> Value {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)")
        request.method = .init(rawValue: method.rawValue)
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return try await handle(TestReply(status: HTTPResponse.Status(code: Int(response.status.code)), headers: fields, body: bytes))
    }

    /// POSTs a JSON body with an optional Bearer key.
    func postJSON(_ uri: String, _ body: JSONValue, key: String? = nil, headers: HTTPFields = [:]) async throws -> TestReply {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[.authorization] = "Bearer \(key)" }
        fields.append(contentsOf: headers)
        return try await execute(uri: uri, method: .post, headers: fields, body: body.byteBuffer()) { $0 }
    }

    func get(_ uri: String, key: String? = nil, headers: HTTPFields = [:]) async throws -> TestReply {
        var fields = headers
        if let key { fields[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: .get, headers: fields) { $0 }
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
func eventually(within seconds: Double = 30, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

/// Reads a streamed answer to its end and returns all of it; `seen` runs once, when the text so far first
/// contains `marker` (the handshake that lets a fake upstream go on).
func readToEnd(_ request: HTTPClientRequest, onceSeen marker: String, _ seen: @Sendable () -> Void) async throws -> String {
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    var text = ""
    var told = false
    for try await part in response.body {
        text += String(buffer: part)
        if !told, text.contains(marker) {
            told = true
            seen()
        }
    }
    return text
}
