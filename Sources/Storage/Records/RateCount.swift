/// One rate window's count for one scope (SPEC §13, §17): the requests and tokens of a key or team
/// (`key:<id>`, `team:<id>`) in a UTC minute (`m:<minute number>`) or day (`d:<day number>`). Replicas
/// count in memory and add their counts to the shared totals at least every second.
public struct RateCount: Sendable, Hashable {
    public let scope: String
    public let span: String
    public var requests: Int
    public var tokens: Int
    /// When the window ends (Unix seconds): rows of windows long over are removed.
    public let endsAt: Double

    public init(scope: String, span: String, requests: Int, tokens: Int, endsAt: Double) {
        self.scope = scope
        self.span = span
        self.requests = requests
        self.tokens = tokens
        self.endsAt = endsAt
    }
}
