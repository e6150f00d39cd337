import ServiceLifecycle

/// Ends the background responses of this process as `incomplete` when the application stops, before the
/// upstream client and the database go (it is listed after them, and services stop in reverse order).
struct BackgroundResponsesService: Service, CustomStringConvertible {
    var description: String { "BackgroundResponsesService" }
    let background: BackgroundResponses

    func run() async throws {
        try? await gracefulShutdown()
        await background.stopAll()
    }
}
