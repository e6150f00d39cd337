import NIOCore

/// How long Prism waits for upstreams (SPEC §10). Connecting is bounded by the HTTP client; these bound
/// the rest: the first byte of an answer, silence inside a stream, and one request's attempts together.
struct UpstreamTimeouts: Sendable {
    /// Until an upstream's answer begins (`UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS`).
    var firstByteSeconds = 120
    /// How long a stream may stay silent before it is ended (`STREAM_IDLE_TIMEOUT_SECONDS`).
    var streamIdleSeconds = 60
    /// How often a client hears `: keep-alive` while the upstream is silent (`STREAM_KEEPALIVE_SECONDS`).
    var keepAliveSeconds = 15
    /// One request's whole budget across keys and targets (`REQUEST_TIMEOUT_SECONDS`).
    var requestSeconds = 300
    /// The largest non-streaming answer read whole (`MAX_RESPONSE_BYTES`).
    var maxResponseBytes = 64 << 20

    /// When a request that starts now must have its answer begun, whatever the attempts.
    func requestDeadline() -> NIODeadline { .now() + .seconds(Int64(requestSeconds)) }

    /// When one attempt's answer must begin: its own limit, within the request's budget.
    func attemptDeadline(within request: NIODeadline) -> NIODeadline {
        min(.now() + .seconds(Int64(firstByteSeconds)), request)
    }
}
