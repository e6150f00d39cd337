import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Removes request log rows older than `REQUEST_LOG_DAYS` (default 7): at start-up and then hourly, until the
/// application stops.
struct RequestLogRetention: Service, CustomStringConvertible {
    var description: String { "RequestLogRetention" }
    let log: any RequestLog
    let days: Double
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await purgeHourly() }
    }

    /// Ends only when cancelled (the application stopping): a service that returned would stop the others.
    private func purgeHourly() async {
        while !Task.isCancelled {
            do {
                let gone = try await log.purge(before: Date().timeIntervalSince1970 - days * 86_400)
                if gone > 0 { logger.info("Request log: \(gone) requests older than \(days) days removed (REQUEST_LOG_DAYS).") }
            } catch {
                logger.warning("Request log: old requests could not be removed this hour: \(error)")
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }
}
