import Foundation

/// `EVENT_LOOP_THREADS`: how many threads serve clients, call upstreams and run every task. It must be known
/// before the first task runs, so it is read here, ahead of the configuration, from the environment or the
/// env file the command line names (`GatewayConfig` reports a bad value with the other settings).
enum EventLoopThreads {
    static func requested(arguments: [String] = CommandLine.arguments, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        let raw = environment["EVENT_LOOP_THREADS"] ?? envFile(arguments).flatMap { try? EnvironmentFile.load(path: $0)["EVENT_LOOP_THREADS"] }
        guard let raw, let threads = Int(raw.trimmingCharacters(in: .whitespaces)), (1...256).contains(threads) else { return nil }
        return threads
    }

    /// The `--env-file` argument, or `.env` when it exists.
    private static func envFile(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--env-file", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--env-file=") { return String(argument.dropFirst("--env-file=".count)) }
        }
        return FileManager.default.fileExists(atPath: ".env") ? ".env" : nil
    }
}
