import AsyncHTTPClient
import NIOCore
import PrismShared

/// Sends a chat request to its provider with the keys the caller may use: round-robin over the pool,
/// retrying on the next key on 401, 402, 403, 429, 5xx or a connection failure. It returns the first
/// successful reply before anything reaches the client, so a retry never follows a half-sent answer.
struct ChatDispatcher: Sendable {
    let providers: [String: any ChatProvider]
    /// The environment's pools, one per provider.
    let pools: [String: KeyPool]
    let maxAttempts: Int
    let allowBYOK: Bool
    let meter: UsageMeter

    /// The provider and key pool that serve `provider` for `principal`, or a 404 naming what is missing.
    func resolve(_ provider: String, for principal: Principal) throws(GatewayError) -> (any ChatProvider, KeyPool) {
        guard let upstream = providers[provider] else {
            throw .notFound("There is no provider `\(provider)`: use a model name such as `groq/llama-3.1-8b-instant`.", code: "model_not_found", param: "model")
        }
        let profile = upstream.profile
        switch principal.role {
        case .admin, .user:
            guard profile.isLoaded, let pool = pools[provider] else {
                let byok = allowBYOK ? " or send \(profile.keyHeader)" : ""
                throw .notFound("Provider `\(provider)` has no key: set \(profile.keyVariable)\(byok).", code: "model_not_found", param: "model")
            }
            return (upstream, pool)
        case .byok(let own):
            let keys = own.keys(for: provider)
            if keys.isEmpty, !(profile.isCustom && profile.keys.isEmpty) {
                throw .notFound("Provider `\(provider)` has no key of yours: send \(profile.keyHeader) or your key as the Bearer token.", code: "model_not_found", param: "model")
            }
            return (upstream, KeyPool(keys: keys, benchSeconds: 0))
        }
    }

    /// The upstream's successful reply, after at most `maxAttempts` attempts with distinct keys.
    func open(_ request: ChatRequest, provider name: String, model: String, principal: Principal) async throws -> UpstreamReply {
        let (provider, pool) = try resolve(name, for: principal)
        let body = request.upstreamBody(model: model)
        let (leases, wait) = pool.leases(limit: maxAttempts)
        guard !leases.isEmpty else {
            throw GatewayError(
                status: 429, code: "rate_limited",
                message: "Every key of provider `\(name)` is cooling down after being rate limited or refused; retry in \(wait ?? 1) s.",
                retryAfter: wait)
        }
        var lastFailure: AttemptFailure?
        for lease in leases {
            try Task.checkCancellation()
            let reply: UpstreamReply
            do {
                reply = try await provider.send(body, stream: request.stream, key: lease.key)
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let failure = AttemptFailure.transport(error)
                pool.record(.failed(failure.summary), for: lease)
                lastFailure = failure
                continue
            }
            if (200..<300).contains(reply.status) {
                pool.record(.succeeded, for: lease)
                meter.request(name)
                var metered = reply
                metered.meter = (meter, name)
                return metered
            }
            let detail = await Self.errorDetail(of: reply, redacting: pool.keys)
            let failure = AttemptFailure.status(reply.status, reply.reason, detail)
            switch reply.status {
            case 429: pool.record(.rateLimited(retryAfterSeconds: reply.retryAfterSeconds), for: lease)
            case 401, 403: pool.record(.rejected(status: reply.status), for: lease)
            case 402, 500...599: pool.record(.failed(failure.summary), for: lease)
            default: throw failure.finalError(provider: name, attempts: 1, keyVariable: provider.profile.keyVariable)
            }
            lastFailure = failure
        }
        throw lastFailure!.finalError(provider: name, attempts: leases.count, keyVariable: provider.profile.keyVariable)
    }

    /// The upstream's own error message, without any of our keys in it.
    static func errorDetail(of reply: UpstreamReply, redacting keys: [String]) async -> String? {
        guard let bytes = try? await reply.body.collect(upTo: 64 << 10), bytes.readableBytes > 0 else { return nil }
        var text: String
        if let json = try? JSONValue.parse(bytes.readableBytesView) {
            text = json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue ?? json["message"]?.stringValue
                ?? json["detail"]?.stringValue ?? json.serialized()
        } else {
            text = String(buffer: bytes)
        }
        for key in keys where key.count >= 4 { text = text.replacingOccurrences(of: key, with: KeyPool.mask(key)) }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return text.isEmpty ? nil : text
    }
}

/// Why one attempt failed.
enum AttemptFailure {
    case transport(any Error)
    case status(Int, String, String?)

    var summary: String {
        switch self {
        case .transport(let error): return Self.describe(error)
        case .status(let code, let reason, _): return "\(code) \(reason)"
        }
    }

    /// The error the client gets once every attempt failed (SPEC §3): the last 4xx as is, otherwise 502
    /// (504 when the upstream timed out).
    func finalError(provider: String, attempts: Int, keyVariable: String) -> GatewayError {
        let lead = attempts == 1 ? "The attempt at provider `\(provider)` failed" : "All \(attempts) attempts at provider `\(provider)` failed"
        switch self {
        case .transport(let error):
            let message = "\(lead); the last one \(Self.describe(error)). Check that the provider is reachable, then try again."
            return Self.isTimeout(error) ? .timeout(message) : .upstream(message)
        case .status(let code, let reason, let detail):
            var message = "\(lead); the last one answered \(code) \(reason)"
            if let detail { message += ": \(detail)" }
            if !message.hasSuffix(".") { message += "." }
            switch code {
            case 401, 403: message += " Check \(keyVariable)."
            case 429: message += " Wait a moment, or add keys to \(keyVariable)."
            default: break
            }
            guard (400..<500).contains(code) else { return .upstream(message) }
            let errorCode: String
            switch code {
            case 401: errorCode = "invalid_api_key"
            case 404: errorCode = "model_not_found"
            case 429: errorCode = "rate_limited"
            default: errorCode = "upstream_rejected"
            }
            return GatewayError(status: code, code: errorCode, message: message)
        }
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .readTimeout || error == .deadlineExceeded
        }
        return false
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "timed out connecting"
            case .readTimeout: return "stopped sending data (read timeout)"
            case .deadlineExceeded: return "took too long (deadline exceeded)"
            case .remoteConnectionClosed: return "closed the connection"
            default: return "failed (\(error))"
            }
        }
        let text = String(describing: error)
        if text.contains("refused") { return "could not connect (connection refused)" }
        return "could not be reached (\(text.prefix(120)))"
    }
}

extension AttemptFailure {
    /// The sentence for an upstream that failed after its answer had begun.
    static func midStream(provider: String, _ error: any Error) -> String {
        if let error = error as? UpstreamStreamError { return "Provider `\(provider)` reported an error mid-answer: \(error.message)" }
        return "Provider `\(provider)` \(describe(error)) in the middle of the answer, so it is cut short; ask again to get the rest."
    }
}
