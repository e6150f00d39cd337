import PrismShared

/// A server-side tool the gateway runs inside the model loop. It never throws: a failure is a result the
/// model reads, so one broken tool cannot break the answer.
///
/// ```swift
/// let result = await tool.call(["query": "swift concurrency"])
/// messages.append(["role": "tool", "tool_call_id": callID, "content": .string(result.content)])
/// ```
public protocol Tool: Sendable {
    var definition: ToolDefinition { get }
    /// The progress line shown while the call runs ("searching the web: …").
    func startLine(for arguments: JSONValue) -> String
    func call(_ arguments: JSONValue) async -> ToolResult
}

/// What kind of work a tool does, for the Responses items that show it.
public enum ToolKind: String, Sendable {
    case webSearch
    case webExtract
    case python
}

/// A tool's name, description and JSON Schema, as offered to the model.
public struct ToolDefinition: Sendable {
    public let name: String
    public let kind: ToolKind
    public let description: String
    public let parameters: JSONValue

    public init(name: String, kind: ToolKind, description: String, parameters: JSONValue) {
        self.name = name
        self.kind = kind
        self.description = description
        self.parameters = parameters
    }

    /// The definition in the chat-completions `tools` shape.
    public var chatTool: JSONValue {
        ["type": "function", "function": ["name": .string(name), "description": .string(description), "parameters": parameters]]
    }
}

/// A source a result came from, for `url_citation` annotations.
public struct ToolCitation: Sendable, Equatable {
    public let url: String
    public let title: String

    public init(url: String, title: String) {
        self.url = url
        self.title = title
    }
}

/// What a tool call gave: the text the model reads, a one-line summary for progress, and citations.
public struct ToolResult: Sendable {
    public var content: String
    public var summary: String
    public var citations: [ToolCitation]
    public var failed: Bool

    public init(content: String, summary: String, citations: [ToolCitation] = [], failed: Bool = false) {
        self.content = content
        self.summary = summary
        self.citations = citations
        self.failed = failed
    }

    public static func failure(_ reason: String) -> ToolResult {
        ToolResult(content: "The tool failed: \(reason)", summary: "failed: \(reason)", failed: true)
    }

    /// The result with its content cut to `limit` characters, saying so.
    public func bounded(to limit: Int) -> ToolResult {
        guard content.count > limit else { return self }
        var copy = self
        copy.content = String(content.prefix(limit)) + "\n… (cut to \(limit) characters)"
        return copy
    }
}
