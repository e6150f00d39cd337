import AsyncHTTPClient
import Foundation
import NIOCore
import PrismShared
import Tracing

/// The attempts at one target of a plan: one key after another until one answers, or the failures say to
/// move on (`nil`) or to stop (a thrown error the client sees).
struct TargetAttempt {
    let dispatcher: ChatDispatcher
    let request: ChatRequest
    let target: DispatchPlan.Target
    let provider: any ChatProvider
    let pool: KeyPool
    let routed: Bool
    let decision: DecisionRecord?
    let redactor: SecretRedactor

    private var timeouts: UpstreamTimeouts { dispatcher.timeouts }

    func run(leases: [KeyPool.Lease], requestDeadline: NIODeadline, trail: inout DispatchTrail) async throws -> UpstreamReply? {
        let body = request.upstreamBody(model: target.model)
        let keyVariable = provider.profile.keyVariable
        for lease in leases {
            try Task.checkCancellation()
            guard NIODeadline.now() < requestDeadline else {
                throw GatewayError.timeout(
                    "Provider \(target.provider) gave no answer within \(timeouts.requestSeconds) s over \(trail.attempts) attempts (REQUEST_TIMEOUT_SECONDS); try again later.")
            }
            trail.countAttempt()
            decision?.attempting(provider: target.provider, model: target.model)
            let started = ContinuousClock.now
            let span = AttemptSpan.start(provider: target.provider, model: target.model, key: lease.key)
            var reply: UpstreamReply
            do {
                reply = try await span.around {
                    var reply = try await provider.send(body, stream: request.stream, key: lease.key, deadline: timeouts.attemptDeadline(within: requestDeadline))
                    if (200..<300).contains(reply.status), !request.stream { reply.whole = try await readWhole(reply) }
                    return reply
                }
            } catch {
                span.end(status: nil, error: error)
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let failure = error as? AttemptFailure ?? AttemptFailure.transport(error, timeoutSeconds: timeouts.firstByteSeconds)
                note(lease, status: nil, error: failure.summary, since: started)
                pool.record(.failed(failure.summary), for: lease)
                countFailure(healthy: false)
                trail.failed(target, failure, keyVariable: keyVariable)
                continue
            }
            span.end(status: reply.status, error: nil)
            if (200..<300).contains(reply.status) {
                note(lease, status: reply.status, error: nil, since: started)
                pool.record(.succeeded, for: lease)
                dispatcher.breakers.record(target.provider, succeeded: true)
                if routed { dispatcher.stats.recordSuccess(target.name, firstByte: ContinuousClock.now - started) }
                dispatcher.meter.request(target.provider)
                reply.provider = target.provider
                reply.model = target.model
                reply.meter = dispatcher.meter
                reply.redactor = redactor
                reply.timeouts = timeouts
                return reply
            }
            let detail = await Self.errorDetail(of: reply, redactor: redactor)
            let failure = AttemptFailure.status(reply.status, reply.reason, detail?.text, retryAfter: reply.retryAfterSeconds)
            note(lease, status: reply.status, error: detail?.text ?? "answered \(reply.status) \(reply.reason)", since: started)
            trail.failed(target, failure, keyVariable: keyVariable)
            switch reply.status {
            case 429:
                pool.record(.rateLimited(retryAfterSeconds: reply.retryAfterSeconds), for: lease)
                countFailure(healthy: false)
            case 401, 403:
                // A refused key says nothing about the provider's health: the breaker does not count it.
                pool.record(.rejected(status: reply.status), for: lease)
                countFailure(healthy: true)
            case 402:
                pool.record(.failed(failure.summary), for: lease)
                countFailure(healthy: true)
            case 500...599:
                pool.record(.failed(failure.summary), for: lease)
                countFailure(healthy: false)
            case 400 where routed && Self.isContextLength(detail):
                // The next key has the same context window; the next target may not.
                return nil
            default:
                throw failure.finalError(provider: target.provider, attempts: trail.attempts, keyVariable: keyVariable)
            }
        }
        return nil
    }

    /// Notes one attempt for the request log: the key masked, the error text already free of keys.
    private func note(_ lease: KeyPool.Lease, status: Int?, error: String?, since started: ContinuousClock.Instant) {
        decision?.outcome.attempted(provider: target.provider, key: lease.key, status: status, since: started, error: error.map(redactor.redact))
    }

    /// Counts a failed attempt: toward the route's statistics, and toward the provider's breaker unless the
    /// failure was the key's (`healthy`).
    private func countFailure(healthy: Bool) {
        if !healthy { dispatcher.breakers.record(target.provider, succeeded: false) }
        if routed { dispatcher.stats.recordFailure(target.name) }
    }

    /// Whether an upstream 400 says the request is longer than the model's context.
    static func isContextLength(_ detail: (text: String, code: String?)?) -> Bool {
        guard let detail else { return false }
        if detail.code == "context_length_exceeded" || detail.code == "string_above_max_length" { return true }
        let text = detail.text.lowercased()
        return ["context length", "context_length", "context window", "maximum context", "prompt is too long", "too many tokens", "reduce the length"]
            .contains { text.contains($0) }
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

    /// The upstream's own error message without any of our keys in it, and its error code when it gave one.
    static func errorDetail(of reply: UpstreamReply, redactor: SecretRedactor) async -> (text: String, code: String?)? {
        guard let bytes = try? await reply.body.collect(upTo: 64 << 10), bytes.readableBytes > 0 else { return nil }
        var text: String
        var code: String?
        if let json = try? JSONValue.parse(bytes.readableBytesView) {
            text = json["error"].map(UpstreamReply.errorText) ?? json["message"]?.stringValue ?? json["detail"]?.stringValue ?? json.serialized()
            code = json["error"]?["code"]?.stringValue ?? json["code"]?.stringValue
        } else {
            text = String(buffer: bytes)
        }
        text = redactor.redact(text).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return text.isEmpty ? nil : (text, code)
    }
}
