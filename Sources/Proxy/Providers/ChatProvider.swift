import AsyncHTTPClient
import NIOCore

/// An upstream that speaks chat completions. One call is one attempt with one key; choosing keys and
/// retrying is the `ChatDispatcher`'s job, so a provider stays a thin adapter.
///
/// ```swift
/// let reply = try await provider.send(body, stream: true, key: lease.key)
/// guard (200..<300).contains(reply.status) else { … }
/// for try await bytes in reply.body { … }
/// ```
protocol ChatProvider: Sendable {
    var profile: ProviderProfile { get }
    /// Sends one chat-completions request; returns once the upstream has answered with a status line.
    func send(_ body: ByteBuffer, stream: Bool, key: String) async throws -> UpstreamReply
    /// The upstream's model ids, unprefixed.
    func listModels(key: String) async throws -> [String]
}

/// An upstream's answer whose body is still arriving.
struct UpstreamReply: Sendable {
    let status: Int
    let reason: String
    let contentType: String?
    let contentLength: Int?
    let retryAfterSeconds: Int?
    let body: HTTPClientResponse.Body
    /// Where the tokens of this answer are counted, and under which provider.
    var meter: (UsageMeter, provider: String)?
}
