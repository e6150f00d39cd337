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
        if let model = modelScopeModel(lowered: lowered, name: name) {
            guard let key = self.keys("modelscope", principal: principal).first else {
                throw .notFound("Provider `modelscope` has no key: set MODELSCOPE_API_KEY\(allowBYOK ? " or send x-modelscope-api-key" : "").", code: "model_not_found", param: "model")
            }
            let base = environment["MODELSCOPE_BASE_URL"].nonEmpty ?? "https://api-inference.modelscope.cn/v1"
            return ModelScopeImageProvider(
                baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, key: key, httpClient: httpClient, downloader: downloader,
                pollFirst: .milliseconds(environment["MEDIA_POLL_FIRST_MS"].flatMap { Int($0) } ?? 1000))
        }
        throw .notFound("The image model `image/\(name)` is not available on this gateway yet: use `image/doubao` or `image/<org>/<model>` (ModelScope).", code: "model_not_found", param: "model")
    }

    /// `modelscope/<org>/<model>`, or a bare `<org>/<model>` that no other provider claims.
    private func modelScopeModel(lowered: String, name: String) -> String? {
        if lowered.hasPrefix("modelscope/") { return String(name.dropFirst("modelscope/".count)) }
        let parts = name.split(separator: "/")
        guard parts.count == 2, !lowered.hasPrefix("huggingface/"), !lowered.hasPrefix("openai/"), !lowered.hasPrefix("bfl/"), !lowered.hasSuffix("-vision") else { return nil }
        return name
    }

    /// The image models listed by `/v1/models` for the providers that have keys.
    func listedModels(principal: Principal) -> [String] {
        var models: [String] = []
        if !keys("doubao", principal: principal).isEmpty { models += ["image/doubao"] }
        if !keys("modelscope", principal: principal).isEmpty { models += ["image/modelscope/Qwen/Qwen-Image", "image/Qwen/Qwen-Image"] }
        return models
    }

    /// The largest input image or result file, in bytes.
    var maxInputBytes: Int {
        environment["FETCH_MAX_BYTES"].flatMap { Int($0) } ?? (20 << 20)
    }

    var mediaTimeoutSeconds: Int {
        environment["MEDIA_TIMEOUT_SECONDS"].flatMap { Int($0) }.map { min(max($0, 5), 7200) } ?? 600
    }

    private func keys(_ provider: String, principal: Principal) -> [String] {
        if case .byok(let own) = principal.role { return own.keys(for: provider) }
        return GatewayConfig.commaList(environment["\(ProviderProfile.variablePrefix(for: provider))_API_KEY"])
    }
}
