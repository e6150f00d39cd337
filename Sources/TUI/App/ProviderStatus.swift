/// A provider and kind as `GET /v1/admin/providers` reports it: its keys by state, its circuit, its last
/// error and its last five minutes.
struct ProviderStatus: Equatable, Sendable {
    /// Requests, errors and latencies over one window; the percentiles are `nil` before any request.
    struct Window: Equatable, Sendable {
        var requests = 0
        var errors = 0
        var p50Ms: Double?
        var p95Ms: Double?
    }

    /// The provider's keys by state.
    struct KeyCounts: Equatable, Sendable {
        var usable = 0
        var cooling = 0
        var benched = 0
    }

    let id: String
    let kind: String
    /// The keys by state (`nil`: a provider without a key pool, such as a media one).
    var keys: KeyCounts?
    /// `closed`, `open` or `half_open`.
    var circuit = "closed"
    /// The last error's status (`nil`: no answer came) and message.
    var lastErrorStatus: Int?
    var lastError: String?
    var window5 = Window()
}
