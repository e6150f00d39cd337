import AsyncHTTPClient
import NIOCore
import PrismShared

/// The remote Python executor (SPEC §7): `POST {PYTHON_URL}`, the code as `text/plain`, Bearer key; it
/// answers `{output, result?, error?}`. The gateway itself never runs code.
struct PythonExecutorClient: Sendable {
    let url: String
    let key: String?
    let httpClient: HTTPClient
    let timeoutSeconds: Int
    let maxBytes: Int

    struct Outcome: Sendable {
        let output: String
        let result: String?
        let error: String?
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(_ code: String) async throws -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "text/plain; charset=utf-8")
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(string: code))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw Failure(description: "the executor did not answer within \(timeoutSeconds) s or could not be reached")
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: maxBytes)
        } catch {
            throw Failure(description: "the executor's answer was larger than \(maxBytes) bytes or was cut off")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Failure(description: "the executor answered \(response.status.code)")
        }
        guard let json = try? JSONValue.parse(bytes.readableBytesView), json.objectValue != nil else {
            throw Failure(description: "the executor answered something that is not a JSON object")
        }
        func text(_ value: JSONValue?) -> String? {
            guard let value, !value.isNull else { return nil }
            return value.stringValue ?? value.serialized()
        }
        return Outcome(output: text(json["output"]) ?? "", result: text(json["result"]), error: text(json["error"]))
    }
}
