import ArgumentParser
import Foundation
import Logging

/// `prism`: the gateway's command line. `serve` is the default subcommand.

struct PrismCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prism",
        abstract: "A self-hosted AI gateway: every modality through the OpenAI chat and responses APIs.",
        subcommands: [ServeCommand.self, MediaCommand.self, DatabaseCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

/// `prism serve`: loads the configuration and runs the gateway until it is stopped.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(help: "Address to listen on (HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (PORT, default 8787).") var port: Int?
    @Option(name: .customLong("data-dir"), help: "Directory for prism.sqlite and media/ (DATA_DIR, default ./data).") var dataDir: String?
    @Option(name: .customLong("env-file"), help: "A .env file to read (default: .env in the working directory, if present).") var envFile: String?

    func run() async throws {
        // swift-log's stdout handler flushes every line, so logs reach a file or pipe at once.
        // LOG_FORMAT=json: the same lines as JSON objects (SPEC §14).
        let json = ProcessInfo.processInfo.environment["LOG_FORMAT"]?.lowercased() == "json"
        LoggingSystem.bootstrap { label in
            let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"]?.lowercased() ?? "") ?? .info
            if json { return JSONLogHandler(label: label, logLevel: level) }
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "prism")
        let config: GatewayConfig
        do {
            config = try GatewayConfig.load(environment: try mergedEnvironment(), host: host, port: port, dataDirectory: dataDir)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("prism: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        if config.isLocalMode { logger.info("Local mode: no PASSWORD is set, so every caller on this machine is admin.") }
        for profile in config.loadedProviders {
            let host = URL(string: profile.baseURL)?.host ?? profile.baseURL
            logger.info("Provider \(profile.name): \(profile.keys.count) key\(profile.keys.count == 1 ? "" : "s"), \(host)")
        }
        if config.loadedProviders.isEmpty {
            logger.info("No provider has a key yet: set e.g. GROQ_API_KEY, or CUSTOM_API_ENDPOINTS for a local server (see .env.example).")
        }
        do {
            // Opening the stores can fail for reasons of the configuration (a bucket that does not exist).
            let tracing = try TracingSetup.bootstrap(environment: ProcessInfo.processInfo.environment, logger: logger)
            try await buildApplication(config, logger: logger, services: tracing.map { [$0] } ?? []).runService()
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("prism: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// `.env` < the process environment (flags are applied afterwards).
    private func mergedEnvironment() throws -> [String: String] {
        var merged: [String: String] = [:]
        let path = envFile ?? ".env"
        if FileManager.default.fileExists(atPath: path) {
            merged = try EnvironmentFile.load(path: path)
        } else if envFile != nil {
            throw ConfigError(description: "The env file \(path) does not exist: fix --env-file or create it.")
        }
        merged.merge(ProcessInfo.processInfo.environment) { _, process in process }
        return merged
    }
}

extension PrismCommand {
    /// Parses the command line and runs the chosen subcommand (what `@main` would do; `main.swift` needs to
    /// run its own first line before any task exists).
    static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
