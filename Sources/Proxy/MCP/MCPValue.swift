import Foundation
import MCP
import PrismShared

/// Between the SDK's `Value` and Prism's `JSONValue`, through their JSON text (both are plain JSON trees,
/// so nothing is lost but the SDK's `data` case, which Prism never receives).
enum MCPValue {
    static func mcp(_ value: JSONValue) -> Value {
        (try? JSONDecoder().decode(Value.self, from: Data(value.serialized().utf8))) ?? .null
    }

    static func json(_ value: Value) -> JSONValue {
        guard let data = try? JSONEncoder().encode(value), let parsed = try? JSONValue.parse(data) else { return .null }
        return parsed
    }
}

/// Sends `notifications/progress` for one tool call when the client asked for it with a `progressToken`
/// (SPEC §16): `progress` never goes down (MCP asks it to increase), `total` is 1, `message` is the
/// progress line of SPEC §5.
actor MCPProgress {
    private let token: ProgressToken?
    private let exchange: MCPExchange
    private var last: Double = 0
    private var lastMessage: String?

    init(token: ProgressToken?, exchange: MCPExchange) {
        self.token = token
        self.exchange = exchange
    }

    var wanted: Bool { token != nil }

    /// Reports `message` at `fraction` (the job's own, when it has one), nudged above the last report so a
    /// line without a percentage still counts as progress; 1 is kept for the end.
    func report(_ message: String, fraction: Double?) async {
        lastMessage = message
        guard let token else { return }
        let next = min(max(fraction ?? 0, last + 0.001), 0.999)
        await send(token, next, message)
    }

    /// The end: 1, with the last progress line (the job's final state in SPEC §5's words).
    func finish() async {
        guard let token, last < 1 else { return }
        await send(token, 1, lastMessage ?? "succeeded")
    }

    private func send(_ token: ProgressToken, _ progress: Double, _ message: String) async {
        last = progress
        let notification = ProgressNotification.message(.init(progressToken: token, progress: progress, total: 1, message: message))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(notification) else { return }
        try? await exchange.send(data)
    }
}
