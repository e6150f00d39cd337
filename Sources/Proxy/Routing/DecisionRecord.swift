import HTTPTypes
import PrismShared
import Synchronization

/// What the gateway decided for one request — which provider and upstream model answered, through which
/// route, after how many attempts — sent as the `x-prism-*` headers of its answer, errors included
/// (SPEC §12). Filled in by the dispatcher and the media path while the request is routed, read by
/// `DecisionMiddleware` once the handler returns, which is before the first byte of the body.
final class DecisionRecord: Sendable {
    struct Snapshot: Sendable, Equatable {
        var provider: String?
        var model: String?
        var route: String?
        var attempts = 0
        /// What the answer costs, when known before its headers (non-streaming text, media).
        var costUSD: Double?
    }

    let requestID: String
    /// What the request used, for its ledger row (SPEC §13).
    let usage = UsageNotes()
    /// Its upstream attempts and error code, for the request log (SPEC §14).
    let outcome = OutcomeNotes()
    /// The ledger row's own id (a client's `x-request-id` need not be unique), also its budget reservation's.
    let usageID = Identifier.make("usage")
    private let state = Mutex(Snapshot())

    init(requestID: String) {
        self.requestID = requestID
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    func routed(through route: String) {
        state.withLock { $0.route = route }
    }

    /// One more upstream attempt, at `provider` with the upstream model `model`.
    func attempting(provider: String, model: String) {
        state.withLock { state in
            state.provider = provider
            state.model = model
            state.attempts += 1
        }
    }

    /// The provider that serves the request without an upstream attempt of ours to count (a media job).
    func serving(provider: String, model: String) {
        state.withLock { state in
            state.provider = provider
            state.model = model
        }
    }

    func costUSD(_ usd: Double) {
        state.withLock { $0.costUSD = usd }
    }

    /// The headers of the answer: the request id always, the rest once a model was routed.
    var headers: HTTPFields {
        let snapshot = self.snapshot
        var fields: HTTPFields = [.prismRequestID: requestID]
        if let provider = snapshot.provider { fields[.prismProvider] = provider }
        if let model = snapshot.model, Self.fitsHeader(model) { fields[.prismModel] = model }
        if let route = snapshot.route { fields[.prismRoute] = route }
        if snapshot.provider != nil || snapshot.route != nil { fields[.prismAttempts] = String(snapshot.attempts) }
        if let cost = snapshot.costUSD { fields[.prismCostUSD] = UsageCost.header(cost) }
        return fields
    }
}

extension DecisionRecord {
    /// Whether a client-chosen value (a model name sent to the default provider is the client's whole
    /// string) can go into a header as it is: visible ASCII, short enough for any client's header limit.
    static func fitsHeader(_ value: String) -> Bool {
        value.utf8.count <= 256 && value.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

extension HTTPField.Name {
    static let prismRequestID = HTTPField.Name("x-prism-request-id")!
    static let prismProvider = HTTPField.Name("x-prism-provider")!
    static let prismModel = HTTPField.Name("x-prism-model")!
    static let prismRoute = HTTPField.Name("x-prism-route")!
    static let prismAttempts = HTTPField.Name("x-prism-attempts")!
    static let requestID = HTTPField.Name("x-request-id")!
}
