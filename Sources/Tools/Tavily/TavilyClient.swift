import AsyncHTTPClient
import Foundation
import NIOCore
import PrismShared

/// Tavily's API (`POST /search`, `POST /extract`, Bearer key). The keys are tried in turn: a key refused,
/// rate limited or met by a server error or a dropped connection hands over to the next one.
struct TavilyClient: Sendable {
    let baseURL: String
    let keys: [String]
    let httpClient: HTTPClient
    let timeoutSeconds: Int
    let maxBytes: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func post(_ path: String, _ body: JSONValue) async throws -> JSONValue {
        var lastFailure = "no Tavily key is configured"
        for key in keys {
            var request = HTTPClientRequest(url: baseURL + path)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "authorization", value: "Bearer \(key)")
            request.body = .bytes(body.byteBuffer())
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            } catch {
                if Task.isCancelled { throw CancellationError() }
                lastFailure = "Tavily could not be reached (\(String(describing: error).prefix(80)))"
                continue
            }
            let status = Int(response.status.code)
            let bytes: ByteBuffer
            do {
                bytes = try await response.body.collect(upTo: maxBytes)
            } catch {
                lastFailure = "Tavily's answer was larger than \(maxBytes) bytes or was cut off"
                continue
            }
            if (200..<300).contains(status) {
                guard let json = try? JSONValue.parse(bytes.readableBytesView), json.objectValue != nil else {
                    throw Failure(description: "Tavily answered something that is not a JSON object")
                }
                return json
            }
            let detail = (try? JSONValue.parse(bytes.readableBytesView))?["detail"]?["error"]?.stringValue ?? "HTTP \(status)"
            lastFailure = "Tavily answered \(status) (\(detail.replacingOccurrences(of: key, with: "…")))"
            if [401, 403, 429, 432, 433].contains(status) || status >= 500 { continue }
            throw Failure(description: lastFailure)
        }
        throw Failure(description: lastFailure)
    }
}
