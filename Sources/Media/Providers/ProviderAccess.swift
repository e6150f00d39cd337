import AsyncHTTPClient

/// How a provider is reached: its base URL and key, the shared HTTP client and result downloader, and
/// the first wait between polls. The registry builds one per request; providers keep it whole.
public struct ProviderAccess: Sendable {
    public let baseURL: String
    public let key: String
    let httpClient: HTTPClient
    let downloader: MediaDownloader
    let pollFirst: Duration

    public init(baseURL: String, key: String, httpClient: HTTPClient, downloader: MediaDownloader, pollFirst: Duration = .seconds(1)) {
        self.baseURL = baseURL
        self.key = key
        self.httpClient = httpClient
        self.downloader = downloader
        self.pollFirst = pollFirst
    }

    /// The HTTP helper, naming `provider` in its messages.
    func http(_ provider: String) -> MediaHTTP {
        MediaHTTP(httpClient: httpClient, provider: provider)
    }
}
