import Foundation
import NIOCore
import PrismShared
import Synchronization

/// What one request used, noted while it runs (by the auth stage, the controllers and the relays) and read
/// once it has ended to write its ledger row (SPEC §13). A request that never named a model writes none.
final class UsageNotes: Sendable {
    struct State: Sendable {
        var model: String?
        var principal = "admin"
        var keyID: String?
        var teamID: String?
        var tags: [String] = []
        var inputTokens = 0
        var outputTokens = 0
        var cachedTokens = 0
        var images = 0
        var videoSeconds = 0.0
        let startedAt: Double
        var firstByteAt: Double?
    }

    private let state: Mutex<State>

    init(startedAt: Double = Date().timeIntervalSince1970) {
        state = Mutex(State(startedAt: startedAt))
    }

    var snapshot: State { state.withLock { $0 } }

    func caller(_ principal: Principal, tags: [String]) {
        state.withLock { state in
            state.principal = principal.id
            state.keyID = principal.access?.keyID
            state.teamID = principal.access?.teamID
            state.tags = Array(Set((principal.access?.tags ?? []) + tags)).sorted()
        }
    }

    /// The model name the client asked for: from here on the request is metered.
    func asked(_ model: String) {
        state.withLock { $0.model = model }
    }

    /// Tokens an answer reported (its last report wins: streams repeat totals).
    func tokens(input: Int, output: Int, cached: Int) {
        state.withLock { state in
            (state.inputTokens, state.outputTokens, state.cachedTokens) = (input, output, cached)
        }
    }

    /// Tokens from an OpenAI-style `usage` object, if it is one.
    func tokens(fromUsage usage: ChatChunk.Usage?) {
        guard let usage else { return }
        tokens(input: usage.input, output: usage.output, cached: usage.cached)
    }

    func answerStarted(at time: Double = Date().timeIntervalSince1970) {
        state.withLock { state in
            if state.firstByteAt == nil { state.firstByteAt = time }
        }
    }
}

extension GatewayRequestContext {
    /// The admission stage for a named model (SPEC §13): the request is metered from here, and a managed
    /// key that may not use the model is refused.
    func admit(_ model: String) throws(GatewayError) {
        decision?.usage.asked(model)
        try principal.checkAllowed(model)
    }
}

extension ChatChunk.Usage {
    /// The `usage` of a whole chat completion, found by a byte scan before anything is parsed.
    static func of(completion bytes: ByteBuffer) -> ChatChunk.Usage? {
        guard bytes.withUnsafeReadableBytes({ UTF8Search.contains("\"usage\"", in: $0) }), let json = try? JSONValue.parse(bytes.readableBytesView) else { return nil }
        return ChatChunk(chunk: json).usage
    }

    /// The `usage` of a Responses object (`input_tokens`, `output_tokens`, cached input tokens).
    static func of(response: JSONValue) -> ChatChunk.Usage? {
        guard let usage = response["usage"], usage.objectValue != nil else { return nil }
        let (input, output) = (usage["input_tokens"]?.intValue ?? 0, usage["output_tokens"]?.intValue ?? 0)
        return ChatChunk.Usage(input: input, output: output, total: input + output, reasoning: 0,
                               cached: usage["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0)
    }
}
