import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `prism-tui`: a terminal client for a running gateway.
struct PrismTUI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prism-tui", abstract: "Browse Prism's conversations and media, and chat with streaming, in the terminal.")

    @Option(help: "The gateway's URL (default: PRISM_URL, else http://127.0.0.1:8787).")
    var url: String?

    @Option(help: "An API key or the PASSWORD (default: PRISM_API_KEY; none needed in local mode).")
    var key: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var base = url ?? environment["PRISM_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8787"
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ValidationError("--url must start with http:// or https:// (got `\(base)`).")
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let client = PrismClient(baseURL: base, key: key ?? environment["PRISM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }, http: http)
        Runtime(client: client).run()
        try? http.syncShutdown()
    }
}

PrismTUI.main()
