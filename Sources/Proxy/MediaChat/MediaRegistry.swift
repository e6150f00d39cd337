import AsyncHTTPClient
import Media

/// Which media provider serves an `image/…` or `video/…` model name, with the keys the caller may use
/// (SPEC §5). Providers are built per request from shared, immutable parts.
struct MediaRegistry: Sendable {
    let environment: [String: String]
    let httpClient: HTTPClient
    let downloader: MediaDownloader
    let allowBYOK: Bool

    /// The provider for `image/<name>`, or a 404 that names what to set.
    func imageProvider(_ name: String, principal: Principal) throws(GatewayError) -> any MediaProvider {
        let lowered = name.lowercased()
        if lowered == "doubao" || lowered.hasPrefix("doubao-") || lowered.hasPrefix("seedream") {
            let keys = self.keys("doubao", principal: principal)
            guard !keys.isEmpty else {
                throw .notFound("Provider `doubao` has no key: set DOUBAO_API_KEY\(allowBYOK ? " or send x-doubao-api-key" : "").", code: "model_not_found", param: "model")
            }
            let base = environment["DOUBAO_BASE_URL"].nonEmpty ?? "https://ark.cn-beijing.volces.com/api/v3"
            return DoubaoImageProvider(
                baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, keys: keys, httpClient: httpClient, downloader: downloader,
                timeoutSeconds: mediaTimeoutSeconds)
        }
        throw .notFound("The image model `image/\(name)` is not available on this gateway yet: use `image/doubao`.", code: "model_not_found", param: "model")
    }

    var mediaTimeoutSeconds: Int {
        environment["MEDIA_TIMEOUT_SECONDS"].flatMap { Int($0) }.map { min(max($0, 5), 7200) } ?? 600
    }

    private func keys(_ provider: String, principal: Principal) -> [String] {
        if case .byok(let own) = principal.role { return own.keys(for: provider) }
        return GatewayConfig.commaList(environment["\(ProviderProfile.variablePrefix(for: provider))_API_KEY"])
    }
}
