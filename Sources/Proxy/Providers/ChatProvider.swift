import AsyncHTTPClient
import NIOCore
import PrismShared

/// An upstream that speaks chat completions. One call is one attempt with one key; choosing keys and
/// retrying is the `ChatDispatcher`'s job, so a provider stays a thin adapter.
///
/// ```swift
/// let reply = try await provider.send(body, stream: true, key: lease.key, deadline: .now() + .seconds(120))
/// guard (200..<300).contains(reply.status) else { … }
/// for try await bytes in reply.body { … }
/// ```
protocol ChatProvider: Sendable {
    var profile: ProviderProfile { get }
    /// Sends one chat-completions request; returns once the upstream has answered with a status line,
    /// which must happen before `deadline`.
    func send(_ body: ByteBuffer, stream: Bool, key: String, deadline: NIODeadline) async throws -> UpstreamReply
    /// The upstream's model ids, unprefixed.
    func listModels(key: String) async throws -> [String]
}

/// An upstream's answer whose body is still arriving — or, for a non-streaming request, has arrived
/// whole and was checked to be JSON (`whole`).
struct UpstreamReply: Sendable {
    let status: Int
    let reason: String
    let contentType: String?
    let retryAfterSeconds: Int?
    let body: HTTPClientResponse.Body
    var whole: ByteBuffer?
    /// The provider that answered, for the sentences of mid-answer failures.
    var provider = ""
    /// The upstream model id it was asked for (`x-prism-model`).
    var model = ""
    /// Where the tokens of this answer are counted.
    var meter: UsageMeter?
    /// Removes keys from any error text the upstream sends mid-answer.
    var redactor = SecretRedactor(secrets: [])
    var timeouts = UpstreamTimeouts()
}
