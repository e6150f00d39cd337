import PrismShared

/// `web_extract`: Tavily extract, the readable text of up to five pages.
struct WebExtractTool: Tool {
    let client: TavilyClient

    var definition: ToolDefinition {
        ToolDefinition(
            name: "web_extract", kind: .webExtract,
            description: "Read web pages: returns the main text of each URL (at most 5).",
            parameters: [
                "type": "object",
                "properties": ["urls": ["type": "array", "items": ["type": "string"], "description": "The pages to read."]],
                "required": ["urls"],
            ])
    }

    func startLine(for arguments: JSONValue) -> String {
        "reading \(urls(arguments).joined(separator: ", "))"
    }

    private func urls(_ arguments: JSONValue) -> [String] {
        if let single = arguments["urls"]?.stringValue { return [single] }
        return (arguments["urls"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    func call(_ arguments: JSONValue) async -> ToolResult {
        let urls = Array(urls(arguments).prefix(5))
        guard !urls.isEmpty else { return .failure("urls is missing; call web_extract with {\"urls\": [\"https://…\"]}") }
        do {
            let answer = try await client.post("/extract", ["urls": .array(urls.map { .string($0) })])
            let results = answer["results"]?.arrayValue ?? []
            let pages = results.compactMap { result -> (String, String)? in
                guard let url = result["url"]?.stringValue else { return nil }
                return (url, result["raw_content"]?.stringValue ?? "")
            }
            let failed = (answer["failed_results"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue }
            var content = pages.map { "\($0.0)\n\($0.1)" }.joined(separator: "\n\n")
            if !failed.isEmpty { content += "\n\nCould not read: \(failed.joined(separator: ", "))" }
            return ToolResult(
                content: content.isEmpty ? "Nothing could be read." : content,
                summary: "read \(pages.count) page\(pages.count == 1 ? "" : "s")",
                citations: pages.map { ToolCitation(url: $0.0, title: $0.0) })
        } catch {
            return .failure(String(describing: error))
        }
    }
}
