import Synchronization

/// Keeps the `model` label of the metrics bounded (SPEC §14): a route's name, a configured media model, or a
/// model a loaded provider answered for, else `other`. Answered models are learned as they answer, up to
/// `limit` distinct names, so a client sending made-up names cannot grow the exposition.
final class ModelLabels: Sendable {
    private let known: Set<String>
    private let providers: Set<String>
    private let learned = Mutex<Set<String>>([])
    /// How many answered model names may become labels.
    let limit: Int

    init(routes: [String], mediaModels: [String], providers: Set<String>, limit: Int = 500) {
        known = Set(routes + mediaModels)
        self.providers = providers
        self.limit = limit
    }

    /// The label for the model name a client sent.
    func label(_ model: String?) -> String {
        guard let model else { return "none" }
        if known.contains(model) { return model }
        return learned.withLock { $0.contains(model) } ? model : "other"
    }

    /// A model that a loaded provider answered for becomes a label of its own (within `limit`).
    func answered(_ model: String?, provider: String?) {
        guard let model, let provider, providers.contains(provider), !known.contains(model) else { return }
        learned.withLock { names in
            if names.count < limit { names.insert(model) }
        }
    }
}
