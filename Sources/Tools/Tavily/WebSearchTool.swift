import PrismShared

/// `web_search`: Tavily search; results become the model's reading and `url_citation`s.
struct WebSearchTool: Tool {
    let client: TavilyClient

    var definition: ToolDefinition {
        ToolDefinition(
            name: "web_search", kind: .webSearch,
            description: "Search the web for current information. Returns titles, URLs and excerpts of the best results.",
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "description": "What to search for."],
                    "max_results": ["type": "integer", "minimum": 1, "maximum": 20, "description": "How many results (default 5)."],
                    "include_domains": ["type": "array", "items": ["type": "string"], "description": "Only these domains."],
                    "exclude_domains": ["type": "array", "items": ["type": "string"], "description": "Never these domains."],
                    "topic": ["type": "string", "enum": ["general", "news", "finance"]],
                    "time_range": ["type": "string", "enum": ["day", "week", "month", "year"]],
                ],
                "required": ["query"],
            ])
    }

    func startLine(for arguments: JSONValue) -> String {
        "searching the web: \(arguments["query"]?.stringValue ?? "")"
    }

    func call(_ arguments: JSONValue) async -> ToolResult {
        guard let query = arguments["query"]?.stringValue, !query.isEmpty else {
            return .failure("query is missing; call web_search with {\"query\": \"…\"}")
        }
        var body: JSONValue = ["query": .string(query), "max_results": JSONValue(min(max(arguments["max_results"]?.intValue ?? 5, 1), 20))]
        for field in ["include_domains", "exclude_domains"] {
            if let list = arguments[field]?.arrayValue { body[field] = .array(list.filter { $0.stringValue != nil }) }
        }
        if let topic = arguments["topic"]?.stringValue, ["general", "news", "finance"].contains(topic) { body["topic"] = .string(topic) }
        if let range = arguments["time_range"]?.stringValue, ["day", "week", "month", "year"].contains(range) { body["time_range"] = .string(range) }
        do {
            let answer = try await client.post("/search", body)
            let results = answer["results"]?.arrayValue ?? []
            var citations: [ToolCitation] = []
            var lines: [String] = []
            for (index, result) in results.enumerated() {
                guard let url = result["url"]?.stringValue else { continue }
                let title = result["title"]?.stringValue ?? url
                citations.append(ToolCitation(url: url, title: title))
                lines.append("[\(index + 1)] \(title)\n\(url)\n\(result["content"]?.stringValue ?? "")")
            }
            if let summary = answer["answer"]?.stringValue { lines.insert("Summary: \(summary)", at: 0) }
            let count = citations.count
            return ToolResult(
                content: lines.isEmpty ? "No results for \"\(query)\"." : lines.joined(separator: "\n\n"),
                summary: "\(count) result\(count == 1 ? "" : "s")", citations: citations)
        } catch {
            return .failure(String(describing: error))
        }
    }
}
