import Foundation
import PrismShared

/// `python`: runs code on the configured executor and reports its output, result and error.
struct PythonTool: Tool {
    let executor: PythonExecutorClient

    var definition: ToolDefinition {
        ToolDefinition(
            name: "python", kind: .python,
            description: "Run Python code and get its printed output, the value of its last expression and any error.",
            parameters: [
                "type": "object",
                "properties": ["code": ["type": "string", "description": "The Python code to run."]],
                "required": ["code"],
            ])
    }

    func startLine(for arguments: JSONValue) -> String {
        "running python…"
    }

    func call(_ arguments: JSONValue) async -> ToolResult {
        guard let code = arguments["code"]?.stringValue, !code.isEmpty else {
            return .failure("code is missing; call python with {\"code\": \"print(1 + 1)\"}")
        }
        let started = ContinuousClock.now
        do {
            let outcome = try await executor.run(code)
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var parts: [String] = []
            if !outcome.output.isEmpty { parts.append("output:\n\(outcome.output)") }
            if let result = outcome.result { parts.append("result: \(result)") }
            if let error = outcome.error { parts.append("error: \(error)") }
            let timing = String(format: "%.1f s", seconds)
            return ToolResult(
                content: parts.isEmpty ? "(no output)" : parts.joined(separator: "\n"),
                summary: outcome.error == nil ? "done in \(timing)" : "error after \(timing)", failed: outcome.error != nil)
        } catch {
            return .failure(String(describing: error))
        }
    }
}
