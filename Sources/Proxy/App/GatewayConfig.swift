import Foundation
import PrismShared

/// A configuration mistake that stops start-up; `description` is the one line printed.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
}

/// Everything the gateway is configured with, read once at start-up from flags, the environment and
/// `.env` (in that order of precedence). Immutable afterwards and passed down explicitly.
struct GatewayConfig: Sendable {
    var host = "127.0.0.1"
    var port = 8787
    var dataDirectory = "./data"
    /// The admin key; `nil` means local mode.
    var password: String?
    var apiKeys: [String] = []
    var allowBYOK = false
    var defaultProvider = "gateway"
    /// Every text provider Prism knows, loaded or not, by name.
    var providers: [String: ProviderProfile] = [:]
    var maxAttempts = 3
    var keyBenchSeconds = 600
    var modelsCacheSeconds = 600
    var maxBodyBytes = 32 << 20
    var upstreamConnectTimeoutSeconds = 10
    /// How long upstreams may take to answer and to stay silent (SPEC §10).
    var timeouts = UpstreamTimeouts()
    var publicBaseURL: String?
    /// With `MEDIA_REDIRECT=presigned`, media answers redirect to a presigned URL valid this long.
    var mediaRedirectSeconds: Int?
    /// Connections per replica to PostgreSQL (`DATABASE_POOL_SIZE`).
    var databasePoolSize = 8
    /// How long a replica's hold on a media job lasts without renewal (`JOB_LEASE_SECONDS`).
    var jobLeaseSeconds = 30
    /// Routes and price overrides from the configuration file (SPEC §12).
    var routes: [RouteDefinition] = []
    var prices: [String: Price] = [:]
    /// Targets tried per routed request (`ROUTE_MAX_TARGETS`).
    var routeMaxTargets = 3
    /// Consecutive failed attempts that open a provider's circuit, and how long it stays open.
    var circuitFailures = 5
    var circuitOpenSeconds = 30
    /// The merged variables, for the modules that read their own (media, tools).
    var environment: [String: String] = [:]

    var isLocalMode: Bool { password == nil }

    /// The loaded providers, sorted by name, for start-up lines and model lists.
    var loadedProviders: [ProviderProfile] {
        providers.values.filter(\.isLoaded).sorted { $0.name < $1.name }
    }
}

extension GatewayConfig {
    /// Builds the configuration from merged variables, then applies command-line values.
    static func load(
        environment env: [String: String], host: String? = nil, port: Int? = nil, dataDirectory: String? = nil
    ) throws -> GatewayConfig {
        var config = GatewayConfig()
        config.environment = env
        config.host = host ?? env["HOST"].nonEmpty ?? config.host
        if let port {
            config.port = port
        } else if let raw = env["PORT"].nonEmpty {
            config.port = try integer(raw, name: "PORT", range: 0...65535)
        }
        guard (0...65535).contains(config.port) else {
            throw ConfigError(description: "The port \(config.port) is out of range: use 1–65535 (or 0 for any free port).")
        }
        config.dataDirectory = dataDirectory ?? env["DATA_DIR"].nonEmpty ?? config.dataDirectory
        config.password = env["PASSWORD"].nonEmpty
        config.apiKeys = KeyList.parse(env["API_KEYS"])
        config.allowBYOK = try boolean(env["ALLOW_BYOK"], name: "ALLOW_BYOK") ?? false
        config.maxAttempts = try env["MAX_ATTEMPTS"].nonEmpty.map { try integer($0, name: "MAX_ATTEMPTS", range: 1...20) } ?? 3
        config.keyBenchSeconds = try env["KEY_BENCH_SECONDS"].nonEmpty.map { try integer($0, name: "KEY_BENCH_SECONDS", range: 0...86_400) } ?? 600
        config.modelsCacheSeconds = try env["MODELS_CACHE_SECONDS"].nonEmpty.map { try integer($0, name: "MODELS_CACHE_SECONDS", range: 0...86_400) } ?? 600
        config.maxBodyBytes = try env["MAX_BODY_BYTES"].nonEmpty.map { try integer($0, name: "MAX_BODY_BYTES", range: 1024...(1 << 30)) } ?? (32 << 20)
        config.upstreamConnectTimeoutSeconds = try env["UPSTREAM_CONNECT_TIMEOUT_SECONDS"].nonEmpty.map { try integer($0, name: "UPSTREAM_CONNECT_TIMEOUT_SECONDS", range: 1...600) } ?? 10
        config.timeouts = try timeouts(from: env)
        switch env["MEDIA_REDIRECT"].nonEmpty?.lowercased() {
        case nil, "none", "off": config.mediaRedirectSeconds = nil
        case "presigned": config.mediaRedirectSeconds = try env["MEDIA_URL_TTL_SECONDS"].nonEmpty.map { try integer($0, name: "MEDIA_URL_TTL_SECONDS", range: 1...604_800) } ?? 3600
        case let other?: throw ConfigError(description: "MEDIA_REDIRECT is \(other): use presigned, or leave it unset to serve media from Prism.")
        }
        config.databasePoolSize = try env["DATABASE_POOL_SIZE"].nonEmpty.map { try integer($0, name: "DATABASE_POOL_SIZE", range: 1...512) } ?? 8
        config.jobLeaseSeconds = try env["JOB_LEASE_SECONDS"].nonEmpty.map { try integer($0, name: "JOB_LEASE_SECONDS", range: 3...3600) } ?? 30
        config.publicBaseURL = env["PUBLIC_BASE_URL"].nonEmpty.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        config.providers = try providers(from: env)
        config.routeMaxTargets = try env["ROUTE_MAX_TARGETS"].nonEmpty.map { try integer($0, name: "ROUTE_MAX_TARGETS", range: 1...20) } ?? 3
        config.circuitFailures = try env["CIRCUIT_FAILURES"].nonEmpty.map { try integer($0, name: "CIRCUIT_FAILURES", range: 1...10_000) } ?? 5
        config.circuitOpenSeconds = try env["CIRCUIT_OPEN_SECONDS"].nonEmpty.map { try integer($0, name: "CIRCUIT_OPEN_SECONDS", range: 1...86_400) } ?? 30
        let file = try ConfigFile.load(environment: env, providers: Set(config.providers.keys))
        config.routes = file.routes
        config.prices = file.prices
        config.defaultProvider = env["DEFAULT_PROVIDER"].nonEmpty?.lowercased() ?? "gateway"
        guard config.providers[config.defaultProvider] != nil else {
            throw ConfigError(description: "DEFAULT_PROVIDER names \(config.defaultProvider), which is not a provider: use one of \(config.providers.keys.sorted().joined(separator: ", ")).")
        }
        if config.isLocalMode, !isLoopback(config.host) {
            throw ConfigError(description: "Refusing to listen on \(config.host) without PASSWORD: set PASSWORD to serve other machines, or use --host 127.0.0.1.")
        }
        return config
    }

    private static func timeouts(from env: [String: String]) throws -> UpstreamTimeouts {
        func seconds(_ name: String, _ fallback: Int, alias: String? = nil) throws -> Int {
            let used = env[name].nonEmpty == nil ? alias ?? name : name
            return try env[used].nonEmpty.map { try integer($0, name: used, range: 1...86_400) } ?? fallback
        }
        var timeouts = UpstreamTimeouts()
        // UPSTREAM_READ_TIMEOUT_SECONDS is the name earlier versions read; it stays an alias.
        timeouts.firstByteSeconds = try seconds("UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS", 120, alias: "UPSTREAM_READ_TIMEOUT_SECONDS")
        timeouts.streamIdleSeconds = try seconds("STREAM_IDLE_TIMEOUT_SECONDS", 60)
        timeouts.keepAliveSeconds = try seconds("STREAM_KEEPALIVE_SECONDS", 15)
        timeouts.requestSeconds = try seconds("REQUEST_TIMEOUT_SECONDS", 300)
        timeouts.maxResponseBytes = try env["MAX_RESPONSE_BYTES"].nonEmpty.map { try integer($0, name: "MAX_RESPONSE_BYTES", range: 1024...(1 << 32)) } ?? (64 << 20)
        // Applied by main.swift before the thread pool exists (`EventLoopThreads`); only checked here.
        _ = try env["EVENT_LOOP_THREADS"].nonEmpty.map { try integer($0, name: "EVENT_LOOP_THREADS", range: 1...256) }
        return timeouts
    }

    private static func providers(from env: [String: String]) throws -> [String: ProviderProfile] {
        var providers: [String: ProviderProfile] = [:]
        for (name, defaultURL) in ProviderProfile.builtIn {
            let prefix = ProviderProfile.variablePrefix(for: name)
            providers[name] = ProviderProfile(
                name: name, baseURL: env["\(prefix)_BASE_URL"].nonEmpty ?? defaultURL, keys: KeyList.parse(env["\(prefix)_API_KEY"]))
        }
        guard let raw = env["CUSTOM_API_ENDPOINTS"].nonEmpty else { return providers }
        guard let parsed = try? JSONValue.parse(raw), let object = parsed.objectValue else {
            throw ConfigError(description: #"CUSTOM_API_ENDPOINTS is not a JSON object: write it as {"local":{"baseURL":"http://127.0.0.1:11434/v1"}}."#)
        }
        for (name, value) in object.members {
            let name = name.lowercased()
            guard !name.isEmpty, !name.contains("/"), !["image", "video", "admin"].contains(name) else {
                throw ConfigError(description: "CUSTOM_API_ENDPOINTS has the provider name \(name), which cannot be used: pick a name without / that is not image, video or admin.")
            }
            guard let baseURL = value["baseURL"]?.stringValue ?? value["baseUrl"]?.stringValue ?? value["base_url"]?.stringValue,
                  baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")
            else {
                throw ConfigError(description: "CUSTOM_API_ENDPOINTS entry \(name) needs a \"baseURL\" that starts with http:// or https://.")
            }
            let prefix = ProviderProfile.variablePrefix(for: name)
            providers[name] = ProviderProfile(name: name, baseURL: baseURL, keys: KeyList.parse(env["\(prefix)_API_KEY"]), isCustom: true)
        }
        return providers
    }

    private static func integer(_ raw: String, name: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigError(description: "\(name) is \(raw), not a whole number from \(range.lowerBound) to \(range.upperBound): fix it in the environment or .env.")
        }
        return value
    }

    private static func boolean(_ raw: String?, name: String) throws -> Bool? {
        guard let raw = raw.nonEmpty else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(description: "\(name) is \(raw): use true or false.")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

extension Optional where Wrapped == String {
    /// The string unless it is missing or blank.
    var nonEmpty: String? {
        guard let self, !self.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return self
    }
}
