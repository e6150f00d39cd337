import Hummingbird
import Storage

/// `GET /metrics` (SPEC §14): the Prometheus text exposition, for the admin and for the Bearer
/// `METRICS_TOKEN` when it is set (open in local mode, like everything else there). Any other key is a 403,
/// no key a 401. It sits outside the API group: the metrics token is no principal.
struct MetricsController: Sendable {
    let metrics: GatewayMetrics
    let authenticator: Authenticator
    /// `METRICS_TOKEN`, as a digest.
    let tokenDigest: [UInt8]?
    let breakers: CircuitBreakers
    let pools: [String: KeyPool]
    let jobs: any JobStore

    init(metrics: GatewayMetrics, authenticator: Authenticator, token: String?, breakers: CircuitBreakers, pools: [String: KeyPool], jobs: any JobStore) {
        self.metrics = metrics
        self.authenticator = authenticator
        tokenDigest = token.flatMap { $0.isEmpty ? nil : Authenticator.digest($0) }
        self.breakers = breakers
        self.pools = pools
        self.jobs = jobs
    }

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/metrics", use: scrape)
    }

    /// The gauges of the present set, then the exposition.
    @Sendable func scrape(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await authorize(request)
        let bytes = await metrics.scrape(breakers: breakers, pools: pools, jobs: jobs)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func authorize(_ request: Request) async throws {
        if let tokenDigest, let presented = Authenticator.presentedKey(request.headers),
           Authenticator.constantTimeEqual(Authenticator.digest(presented), tokenDigest) {
            return
        }
        let principal = try await authenticator.principal(for: request.headers)
        guard principal.isAdmin else {
            throw GatewayError(status: 403, code: "admin_only", message: "/metrics is for the admin and the METRICS_TOKEN only: present one of them as the Bearer key.")
        }
    }
}
