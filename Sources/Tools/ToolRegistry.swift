import AsyncHTTPClient

/// Builds the tools a request may use: Tavily search and extract when a Tavily key is at hand, the Python
/// executor when `PYTHON_URL` is set and a key is at hand. Keys come from the environment or, for callers
/// who bring their own, from the request; nothing is kept between requests.
public struct ToolRegistry: Sendable {
    public let settings: ToolSettings
    private let httpClient: HTTPClient

    public init(settings: ToolSettings, httpClient: HTTPClient) {
        self.settings = settings
        self.httpClient = httpClient
    }

    /// The configured tools for one request, with the keys it may use; `python` says whether it may use
    /// the executor at all.
    public func tools(tavilyKeys: [String], python: Bool, pythonKey: String?) -> [any Tool] {
        var tools: [any Tool] = []
        if !tavilyKeys.isEmpty {
            let client = TavilyClient(
                baseURL: settings.tavilyBaseURL, keys: tavilyKeys, httpClient: httpClient, timeoutSeconds: settings.timeoutSeconds,
                maxBytes: 4 << 20)
            tools.append(WebSearchTool(client: client))
            tools.append(WebExtractTool(client: client))
        }
        if python, let url = settings.pythonURL {
            let executor = PythonExecutorClient(url: url, key: pythonKey, httpClient: httpClient, timeoutSeconds: settings.timeoutSeconds, maxBytes: 4 << 20)
            tools.append(PythonTool(executor: executor))
        }
        return tools
    }
}
