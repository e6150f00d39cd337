import Hummingbird
import PrismShared
import Storage

/// `GET /health/ready` (SPEC §14, no auth): `200 {"status":"ready"}` when the database answers and the media
/// store accepts a write, else `503 {"status":"not_ready","failed":[…]}` with one sentence per failure. Each
/// check is bounded, so a hung database makes the probe fail rather than hang.
struct ReadinessController: Sendable {
    let maintenance: any StoreMaintenance
    let blobs: any BlobStore
    /// `READY_TIMEOUT_SECONDS` (default 5): how long each check may take before it counts as failed.
    var timeoutSeconds = 5

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/health/ready", use: ready)
    }

    /// Both checks at once, each bounded by `timeoutSeconds`.
    @Sendable func ready(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        async let database = check("database") { _ = try await maintenance.databaseBytes() }
        async let media = check("media store") { try await blobs.check() }
        let failed = [await database, await media].compactMap { $0 }
        guard failed.isEmpty else {
            return JSONResponse.make(["status": "not_ready", "failed": .array(failed.map { .string($0) })], status: .serviceUnavailable)
        }
        return JSONResponse.make(["status": "ready"])
    }

    /// nil when `work` finished within the bound, else "what: why".
    private func check(_ what: String, _ work: @escaping @Sendable () async throws -> Void) async -> String? {
        let seconds = timeoutSeconds
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await work()
                    return nil
                } catch {
                    return "\(what): \(Self.reason(error))"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return Task.isCancelled ? nil : "\(what): no answer within \(seconds) s"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as BlobStoreError: error.description
        case StoreError.unavailable(let reason): reason
        default: String(describing: error)
        }
    }
}
