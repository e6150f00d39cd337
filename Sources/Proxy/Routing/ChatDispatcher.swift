import AsyncHTTPClient
import Foundation
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
    /// Every key of the environment, to keep out of error texts.
    let redactor: SecretRedactor
    let timeouts: UpstreamTimeouts

    /// The provider and key pool that serve `provider` for `principal`, or a 404 naming what is missing.
    func resolve(_ provider: String, for principal: Principal) throws(GatewayError) -> (any ChatProvider, KeyPool) {
        guard let upstream = providers[provider] else {
            throw .notFound("There is no provider \(provider): use a model name such as groq/llama-3.1-8b-instant.", code: "model_not_found", param: "model")
        }
        let profile = upstream.profile
        switch principal.role {
        case .admin, .user:
            guard profile.isLoaded, let pool = pools[provider] else {
                let byok = allowBYOK ? " or send \(profile.keyHeader)" : ""
                throw .notFound("Provider \(provider) has no key: set \(profile.keyVariable)\(byok).", code: "model_not_found", param: "model")
            }
            return (upstream, pool)
        case .byok(let own):
            let keys = own.keys(for: provider)
            if keys.isEmpty, !(profile.isCustom && profile.keys.isEmpty) {
                throw .notFound("Provider \(provider) has no key of yours: send \(profile.keyHeader) or your key as the Bearer token.", code: "model_not_found", param: "model")
            }
            return (upstream, KeyPool(keys: keys, benchSeconds: 0))
        }
    }

    /// The upstream's successful reply, after at most `maxAttempts` attempts with distinct keys, all
    /// within `REQUEST_TIMEOUT_SECONDS`. A non-streaming answer is read whole and checked to be a JSON
    /// object before it counts as a success, so a truncated or invalid one is retried like any failure.
    func open(_ request: ChatRequest, provider name: String, model: String, principal: Principal) async throws -> UpstreamReply {
        let (provider, pool) = try resolve(name, for: principal)
        let redactor = redactor.adding(pool.keys)
        let body = request.upstreamBody(model: model)
        let (leases, wait) = pool.leases(limit: maxAttempts)
        guard !leases.isEmpty else {
            throw GatewayError(
                status: 429, code: "rate_limited",
                message: "Every key of provider \(name) is cooling down after being rate limited or refused; retry in \(wait ?? 1) s.",
                retryAfter: wait)
        }
        let requestDeadline = timeouts.requestDeadline()
        var lastFailure: AttemptFailure?
        var attempts = 0
        for lease in leases {
            try Task.checkCancellation()
            guard NIODeadline.now() < requestDeadline else {
                throw GatewayError.timeout(
                    "Provider \(name) gave no answer within \(timeouts.requestSeconds) s over \(attempts) attempts (REQUEST_TIMEOUT_SECONDS); try again later.")
            }
            attempts += 1
            var reply: UpstreamReply
            do {
                reply = try await provider.send(body, stream: request.stream, key: lease.key, deadline: timeouts.attemptDeadline(within: requestDeadline))
                if (200..<300).contains(reply.status), !request.stream { reply.whole = try await readWhole(reply) }
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let failure = error as? AttemptFailure ?? AttemptFailure.transport(error, timeoutSeconds: timeouts.firstByteSeconds)
                pool.record(.failed(failure.summary), for: lease)
                lastFailure = failure
                continue
            }
            if (200..<300).contains(reply.status) {
                pool.record(.succeeded, for: lease)
                meter.request(name)
                reply.provider = name
                reply.meter = meter
                reply.redactor = redactor
                reply.timeouts = timeouts
                return reply
            }
            let failure = AttemptFailure.status(reply.status, reply.reason, await Self.errorDetail(of: reply, redactor: redactor), retryAfter: reply.retryAfterSeconds)
            switch reply.status {
            case 429: pool.record(.rateLimited(retryAfterSeconds: reply.retryAfterSeconds), for: lease)
            case 401, 403: pool.record(.rejected(status: reply.status), for: lease)
            case 402, 500...599: pool.record(.failed(failure.summary), for: lease)
            default: throw failure.finalError(provider: name, attempts: attempts, keyVariable: provider.profile.keyVariable)
            }
            lastFailure = failure
        }
        throw lastFailure!.finalError(provider: name, attempts: attempts, keyVariable: provider.profile.keyVariable)
    }

    /// A non-streaming answer, whole: at most `MAX_RESPONSE_BYTES`, complete, and a JSON object.
    private func readWhole(_ reply: UpstreamReply) async throws -> ByteBuffer {
        let bytes: ByteBuffer
        do {
            bytes = try await reply.body.collect(upTo: timeouts.maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw AttemptFailure.invalid("answered with more than \(timeouts.maxResponseBytes) bytes (MAX_RESPONSE_BYTES)")
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw AttemptFailure.invalid("closed the connection before its answer was complete")
        }
        guard bytes.readableBytesView.first(where: { $0 > 0x20 }) == UInt8(ascii: "{"), bytes.withUnsafeReadableBytes({ JSONValidator.isValid($0) }) else {
            throw AttemptFailure.invalid("answered with something that is not a JSON object")
        }
        return bytes
    }

    /// The upstream's own error message, without any of our keys in it.
    static func errorDetail(of reply: UpstreamReply, redactor: SecretRedactor) async -> String? {
        guard let bytes = try? await reply.body.collect(upTo: 64 << 10), bytes.readableBytes > 0 else { return nil }
        var text: String
        if let json = try? JSONValue.parse(bytes.readableBytesView) {
            text = json["error"].map(UpstreamReply.errorText) ?? json["message"]?.stringValue ?? json["detail"]?.stringValue ?? json.serialized()
        } else {
            text = String(buffer: bytes)
        }
        text = redactor.redact(text).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return text.isEmpty ? nil : text
    }
}
