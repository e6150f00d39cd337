import Foundation

/// Which tools are configured and their limits, read from the environment (SPEC §7).
public struct ToolSettings: Sendable {
    public var tavilyKeys: [String]
    public var tavilyBaseURL: String
    public var pythonURL: String?
    public var pythonKey: String?
    public var timeoutSeconds: Int
    public var maxSteps: Int
    public var maxResultCharacters: Int

    public init(environment env: [String: String]) {
        func list(_ name: String) -> [String] {
            (env[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func nonEmpty(_ name: String) -> String? {
            guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        tavilyKeys = list("TAVILY_API_KEY")
        tavilyBaseURL = nonEmpty("TAVILY_BASE_URL").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "https://api.tavily.com"
        pythonURL = nonEmpty("PYTHON_URL")
        pythonKey = nonEmpty("PYTHON_API_KEY")
        timeoutSeconds = nonEmpty("TOOL_TIMEOUT_SECONDS").flatMap(Int.init).map { min(max($0, 1), 600) } ?? 30
        maxSteps = nonEmpty("TOOL_MAX_STEPS").flatMap(Int.init).map { min(max($0, 1), 50) } ?? 8
        maxResultCharacters = nonEmpty("TOOL_MAX_RESULT_CHARS").flatMap(Int.init).map { max($0, 1000) } ?? 20_000
    }
}
