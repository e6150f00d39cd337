import ServiceLifecycle
import Storage

/// Closes the stores when the application stops, after every other service (it is the first one listed):
/// bookkeeping rows still gathering in their batches are written first, so a graceful stop loses none.
struct StorageService: Service, CustomStringConvertible {
    let stores: Stores
    /// The batch writers' flushes (ledger, request log).
    let flushes: [@Sendable () async -> Void]
    var description: String { "StorageService" }

    func run() async throws {
        try? await gracefulShutdown()
        for flush in flushes { await flush() }
        stores.close()
    }
}
