import Foundation
import Testing
@testable import Proxy

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults are the SPEC's")
    func defaults() throws {
        let config = try GatewayConfig.load(environment: [:])
        #expect(config.host == "127.0.0.1" && config.port == 8787 && config.dataDirectory == "./data")
        #expect(config.isLocalMode && config.defaultProvider == "gateway" && config.maxAttempts == 3)
        #expect(config.providers.count == 17 && config.loadedProviders.isEmpty)
        let base = PublicBase(config: config)
        #expect(base.url == "http://127.0.0.1:8787")
        base.bound(port: 9999)
        #expect(base.url == "http://127.0.0.1:9999")
        #expect(PublicBase(config: try GatewayConfig.load(environment: ["PUBLIC_BASE_URL": "https://prism.example/"])).url == "https://prism.example")
    }

    @Test("flags win over the environment")
    func precedence() throws {
        let config = try GatewayConfig.load(environment: ["PORT": "9000", "HOST": "localhost", "DATA_DIR": "/tmp/x"], port: 9100, dataDirectory: "/tmp/y")
        #expect(config.port == 9100 && config.host == "localhost" && config.dataDirectory == "/tmp/y")
    }

    @Test("keys, base URL overrides and custom endpoints load providers")
    func providers() throws {
        let config = try GatewayConfig.load(environment: [
            "GROQ_API_KEY": " a , b ,", "GROQ_BASE_URL": "http://127.0.0.1:1/v1/",
            "CUSTOM_API_ENDPOINTS": #"{"local":{"baseURL":"http://127.0.0.1:11434/v1"}}"#, "LOCAL_API_KEY": "l",
        ])
        #expect(config.providers["groq"]?.keys == ["a", "b"])
        #expect(config.providers["groq"]?.baseURL == "http://127.0.0.1:1/v1")
        #expect(config.providers["local"]?.keys == ["l"])
        #expect(config.loadedProviders.map(\.name) == ["groq", "local"])
    }

    @Test("bad configuration stops start-up with one line saying what to fix", arguments: [
        ["CUSTOM_API_ENDPOINTS": "{not json"],
        ["CUSTOM_API_ENDPOINTS": #"{"x":{"url":"nope"}}"#],
        ["HOST": "0.0.0.0"],
        ["PORT": "70000"],
        ["PORT": "eighty"],
        ["MAX_ATTEMPTS": "0"],
        ["ALLOW_BYOK": "maybe"],
        ["DEFAULT_PROVIDER": "nonexistent"],
        ["MEDIA_REDIRECT": "sometimes"],
        ["MEDIA_REDIRECT": "presigned", "MEDIA_URL_TTL_SECONDS": "0"],
        ["JOB_LEASE_SECONDS": "1"],
        ["DATABASE_POOL_SIZE": "0"],
        ["UPSTREAM_FIRST_BYTE_TIMEOUT_SECONDS": "soon"],
        ["UPSTREAM_READ_TIMEOUT_SECONDS": "0"],
        ["MAX_RESPONSE_BYTES": "12"],
        ["EVENT_LOOP_THREADS": "0"],
        ["EVENT_LOOP_THREADS": "many"],
    ])
    func badConfiguration(env: [String: String]) {
        #expect(throws: ConfigError.self) { try GatewayConfig.load(environment: env) }
        do {
            _ = try GatewayConfig.load(environment: env)
        } catch {
            #expect(!String(describing: error).contains("\n"))
        }
    }

    @Test("EVENT_LOOP_THREADS is read before the configuration: the environment first, then the env file named")
    func eventLoopThreads() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("prism-threads-\(UUID().uuidString).env").path
        try "EVENT_LOOP_THREADS=1\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(EventLoopThreads.requested(arguments: ["prism", "serve", "--env-file", file], environment: [:]) == 1)
        #expect(EventLoopThreads.requested(arguments: ["prism", "serve", "--env-file=\(file)"], environment: ["EVENT_LOOP_THREADS": "3"]) == 3)
        #expect(EventLoopThreads.requested(arguments: ["prism"], environment: ["EVENT_LOOP_THREADS": "0"]) == nil)
    }

    @Test("a non-loopback host is fine with a PASSWORD")
    func publicWithPassword() throws {
        let config = try GatewayConfig.load(environment: ["HOST": "0.0.0.0", "PASSWORD": "pw"])
        #expect(!config.isLocalMode)
    }

    @Test(".env files: comments, export, quotes")
    func envFile() {
        let parsed = EnvironmentFile.parse("""
            # comment
            export GROQ_API_KEY=abc
            PASSWORD="p w\\"x"
            API_KEYS='a,b'
            PORT=9000 # trailing
            """)
        #expect(parsed == ["GROQ_API_KEY": "abc", "PASSWORD": "p w\"x", "API_KEYS": "a,b", "PORT": "9000"])
    }

    @Test("model names route by the table of SPEC §3", arguments: [
        ("admin/magic", ModelRoute.admin),
        ("image/doubao", .image("doubao")),
        ("video/doubao-seedance", .video("doubao-seedance")),
        ("groq/llama-3.1-8b", .text(provider: "groq", model: "llama-3.1-8b")),
        ("openrouter/google/gemini-2.5-flash", .text(provider: "openrouter", model: "google/gemini-2.5-flash")),
        ("openai/gpt-4o", .text(provider: "gateway", model: "openai/gpt-4o")),
        ("gpt-4o", .text(provider: "gateway", model: "gpt-4o")),
    ])
    func routing(model: String, route: ModelRoute) {
        let providers = Set(ProviderProfile.builtIn.map(\.name))
        #expect(ModelRoute.resolve(model, providers: providers, defaultProvider: "gateway") == route)
    }
}
