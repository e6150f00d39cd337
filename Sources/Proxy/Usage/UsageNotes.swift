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
        var startedAt: Double
        var firstByteAt: Double?
        /// The media model a job of this request runs (a route's target included): the job writes the
        /// row when it ends, not the request.
        var mediaModel: String?
        /// The row is written when the work ends, not the request: a media job's, or a background response's.
        var deferred = false
    }

    private let state: Mutex<State>

    init(startedAt: Double = Date().timeIntervalSince1970) {
        state = Mutex(State(startedAt: startedAt))
    }

    var snapshot: State { state.withLock { $0 } }

    /// Whether the work this request started writes its row (read on every request: no copy of the notes).
    var isDeferred: Bool { state.withLock { $0.deferred } }

    /// Whether a media job of this request writes its row.
    var isMeteredByJob: Bool { state.withLock { $0.mediaModel != nil } }

    func caller(_ principal: Principal, tags: [String]) {
        state.withLock { state in
            state.principal = principal.id
            state.keyID = principal.access?.keyID
            state.teamID = principal.access?.teamID
            state.tags = Array(Set((principal.access?.tags ?? []) + tags)).sorted()
        }
    }

    /// The model name the client asked for: from here on the request is metered. `tags` are the body's own.
    func asked(_ model: String, tags: [String] = []) {
        state.withLock { state in
            state.model = model
            if !tags.isEmpty { state.tags = Array(Set(state.tags + tags)).sorted() }
        }
    }

    /// Tags from `x-prism-tags: a,b` or a body's `metadata.tags` (a list, or a comma string as OpenAI's
    /// string-valued metadata must carry it): at most 16, each 1–64 characters.
    static func tags(_ value: JSONValue?) -> [String] {
        let items: [String] = value?.arrayValue?.compactMap(\.stringValue) ?? value?.stringValue.map { $0.split(separator: ",").map(String.init) } ?? []
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { (1...64).contains($0.count) }.prefix(16).map { $0 }
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

    /// This request started a media job running `model`, which writes the ledger row when it ends.
    func meteredByJob(model: String) {
        state.withLock { state in
            state.mediaModel = model
            state.deferred = true
        }
    }

    /// This request's work goes on after its answer (a background response), which writes the row when it ends.
    func deferRow() {
        state.withLock { $0.deferred = true }
    }

    /// What a finished job made.
    func made(images: Int, videoSeconds: Double) {
        state.withLock { state in
            (state.images, state.videoSeconds) = (images, videoSeconds)
        }
    }

    /// The notes of a job nobody in this process started (resumed after a restart): its owner, and its
    /// key when the owner is a managed key.
    func orphan(principal: String, model: String, startedAt: Double) {
        state.withLock { state in
            state.principal = principal
            state.keyID = principal.hasPrefix("key_") ? principal : nil
            (state.model, state.mediaModel, state.startedAt) = (model, model, startedAt)
        }
    }

    func answerStarted(at time: Double = Date().timeIntervalSince1970) {
        state.withLock { state in
            if state.firstByteAt == nil { state.firstByteAt = time }
        }
    }
}

extension GatewayRequestContext {
    /// The admission stage for a named model (SPEC §13), once the body is read and before any upstream
    /// work: the request is metered from here (with the body's `metadata.tags`), a managed key that may not
    /// use the model is refused, and its budgets reserve the request's estimated cost.
    func admit(_ model: String, body: JSONObject) async throws {
        decision?.usage.asked(model, tags: UsageNotes.tags(body["metadata"]?["tags"]))
        try principal.checkAllowed(model)
        try await reserveBudget(model: model, body: body)
    }
}

extension ChatChunk.Usage {
    /// The `usage` of a Responses object (`input_tokens`, `output_tokens`, cached input tokens).
    static func of(response: JSONValue) -> ChatChunk.Usage? {
        guard let usage = response["usage"], usage.objectValue != nil else { return nil }
        let (input, output) = (usage["input_tokens"]?.intValue ?? 0, usage["output_tokens"]?.intValue ?? 0)
        return ChatChunk.Usage(input: input, output: output, total: input + output, reasoning: 0,
                               cached: usage["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0)
    }
}
