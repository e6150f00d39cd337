import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Reconciles this replica's rate windows with the other replicas' through the database every second
/// (SPEC §17), for as long as the application runs; only when replicas share a database.
struct RateReconciler: Service, CustomStringConvertible {
    // ServiceLifecycle logs each service by its description: never by reflection.
    var description: String { "RateReconciler" }
    let windows: RateWindows
    let ledger: any UsageLedger
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                do {
                    try await windows.reconcile(through: ledger, now: Date().timeIntervalSince1970)
                    if failing { logger.info("Rate windows are reconciled with the other replicas again") }
                    failing = false
                } catch {
                    // Said once per outage: the windows go on counting this replica's requests meanwhile.
                    if !failing { logger.error("Rate windows could not be reconciled with the other replicas: \(error)") }
                    failing = true
                }
            }
        }
    }
}
