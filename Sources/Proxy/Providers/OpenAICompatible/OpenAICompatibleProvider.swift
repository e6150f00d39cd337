import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PrismShared

/// Every OpenAI-compatible provider: the profile is data, this is the one adapter.
struct OpenAICompatibleProvider: ChatProvider {
    let profile: ProviderProfile
    let httpClient: HTTPClient

    func send(_ body: ByteBuffer, stream: Bool, key: String, deadline: NIODeadline) async throws -> UpstreamReply {
        var request = HTTPClientRequest(url: profile.baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        if !key.isEmpty { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        UpstreamTraceInjector.inject(into: &request)
        request.body = .bytes(body)
        let response = try await httpClient.execute(request, deadline: deadline)
        return UpstreamReply(response)
    }

    func listModels(key: String) async throws -> [String] {
        var request = HTTPClientRequest(url: profile.baseURL + "/models")
        if !key.isEmpty { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        let response = try await httpClient.execute(request, timeout: .seconds(15))
        guard response.status == .ok else { throw UpstreamStatusError(status: Int(response.status.code)) }
        let body = try await response.body.collect(upTo: 16 << 20)
        let json = try JSONValue.parse(body.readableBytesView)
        return (json["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }
}

/// A non-2xx answer where only success was of use.
struct UpstreamStatusError: Error {
    let status: Int
}

extension UpstreamReply {
    init(_ response: HTTPClientResponse) {
        status = Int(response.status.code)
        reason = response.status.reasonPhrase
        contentType = response.headers.first(name: "content-type")
        retryAfterSeconds = response.headers.first(name: "retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        body = response.body
    }
}
