import ServiceLifecycle

/// Ends the background responses of this process as `incomplete` when the application stops, before the
/// upstream client and the database go (it is listed after them, and services stop in reverse order).
struct BackgroundResponsesService: Service, CustomStringConvertible {
    /// Logged by ServiceLifecycle by this name.
    var description: String { "BackgroundResponsesService" }
    /// What it stops.
    let background: BackgroundResponses

    /// Waits for the application to stop, then ends the background responses.
    func run() async throws {
        try? await gracefulShutdown()
        await background.stopAll()
    }
}
