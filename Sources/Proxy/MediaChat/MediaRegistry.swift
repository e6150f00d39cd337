import AsyncHTTPClient
import Media
import Storage

/// Which media provider serves an `image/…` model name, with the keys the caller may use (SPEC §5).
/// Providers are built per request from shared, immutable parts.
struct MediaRegistry: Sendable, CustomStringConvertible {
    /// It holds the environment (keys included): never printed by reflection.
    var description: String { "MediaRegistry" }

    let environment: [String: String]
    let httpClient: HTTPClient
    let downloader: MediaDownloader
    /// For client-supplied image URLs (SPEC §10).
    let fetcher: GuardedFetcher
    let allowBYOK: Bool

    /// The provider for a media model of either family.
    func provider(_ family: MediaFamily, _ name: String, principal: Principal) throws(GatewayError) -> any MediaProvider {
        switch family {
        case .image: return try imageProvider(name, principal: principal)
        case .video: return try videoProvider(name, principal: principal)
        }
    }

    /// The provider for `video/<name>`, or a 404 that names what to set.
    func videoProvider(_ name: String, principal: Principal) throws(GatewayError) -> any MediaProvider {
        let lowered = name.lowercased()
        if let provider = try hostedVideoProvider(name, principal: principal) { return provider }
        if lowered.hasPrefix("doubao-seedance") {
            return SeedanceVideoProvider(try access("doubao", "DOUBAO_BASE_URL", "https://ark.cn-beijing.volces.com/api/v3", principal: principal))
        }
        if lowered.hasPrefix("openai/") {
            throw .notFound(
                "OpenAI shut its Videos API down in September 2026, so video/\(name) cannot be made: use another video model, such as video/doubao-seedance or video/kling/kling-v2-1-master.",
                code: "model_not_found", param: "model")
        }
        if lowered.hasPrefix("google/") {
            return VeoVideoProvider(try access("google", "GOOGLE_BASE_URL", "https://generativelanguage.googleapis.com", principal: principal))
        }
        if lowered.hasPrefix("fal/") {
            return FalQueueProvider(try access("fal", "FAL_QUEUE_URL", "https://queue.fal.run", principal: principal), family: .video)
        }
        if lowered.hasPrefix("huggingface/") || name.split(separator: "/").count == 2 {
            return HuggingFaceVideoProvider(try access("huggingface", "HUGGINGFACE_INFERENCE_URL", "https://router.huggingface.co/hf-inference", principal: principal))
        }
        throw .notFound(
            "The video model video/\(name) is not one Prism knows: use video/doubao-seedance, video/google/<model>, video/fal/<owner>/<app>, video/replicate/<owner>/<model>, video/dashscope/<model>, video/minimax/<model>, video/kling/<model> or video/<org>/<model> (Hugging Face).",
            code: "model_not_found", param: "model")
    }

    /// The provider for `image/<name>`, or a 404 that names what to set (SPEC §5's table, first match wins).
    func imageProvider(_ name: String, principal: Principal) throws(GatewayError) -> any MediaProvider {
        let lowered = name.lowercased()
        if let provider = try hostedImageProvider(name, principal: principal) { return provider }
        if lowered == "doubao" || lowered.hasPrefix("doubao-") || lowered.hasPrefix("seedream") {
            return DoubaoImageProvider(
                baseURL: base("DOUBAO_BASE_URL", "https://ark.cn-beijing.volces.com/api/v3"), keys: try keys("doubao", principal: principal),
                httpClient: httpClient, downloader: downloader, timeoutSeconds: mediaTimeoutSeconds)
        }
        if lowered.hasPrefix("openai/") {
            return OpenAIImageProvider(try access("chatgpt", "CHATGPT_BASE_URL", "https://api.openai.com/v1", principal: principal))
        }
        if lowered.hasPrefix("bfl/") {
            return BFLImageProvider(try access("bfl", "BFL_BASE_URL", "https://api.bfl.ai", principal: principal))
        }
        if lowered.hasPrefix("google/") {
            let google = try access("google", "GOOGLE_BASE_URL", "https://generativelanguage.googleapis.com", principal: principal)
            return GoogleImageProvider.make(model: Self.upstreamModel(name), google)
        }
        if lowered.hasPrefix("fal/") {
            return FalQueueProvider(try access("fal", "FAL_QUEUE_URL", "https://queue.fal.run", principal: principal), family: .image)
        }
        if lowered.hasPrefix("huggingface/") || lowered.hasSuffix("-vision") {
            return HuggingFaceImageProvider(try access("huggingface", "HUGGINGFACE_INFERENCE_URL", "https://router.huggingface.co/hf-inference", principal: principal))
        }
        if lowered.hasPrefix("modelscope/") || name.split(separator: "/").count == 2 {
            return ModelScopeImageProvider(try access("modelscope", "MODELSCOPE_BASE_URL", "https://api-inference.modelscope.cn/v1", principal: principal))
        }
        throw .notFound(
            "The image model image/\(name) is not one Prism knows: use image/doubao, image/openai/<model>, image/google/<model>, image/fal/<owner>/<app>, image/replicate/<owner>/<model>, image/dashscope/<model>, image/bfl/<model>, image/huggingface/<org>/<model> or image/<org>/<model> (ModelScope).",
            code: "model_not_found", param: "model")
    }

    /// The model name a provider is sent: `image/<name>` without the routing prefix or `-vision` suffix.
    static func upstreamModel(_ name: String) -> String {
        var model = name
        // One routing prefix only: `replicate/minimax/video-01` is Replicate's `minimax/video-01`.
        let prefixes = ["modelscope/", "huggingface/", "openai/", "bfl/", "google/", "fal/", "replicate/", "dashscope/", "minimax/", "kling/"]
        if let prefix = prefixes.first(where: { model.lowercased().hasPrefix($0) }) {
            model = String(model.dropFirst(prefix.count))
        }
        if model.lowercased().hasSuffix("-vision") { model = String(model.dropLast("-vision".count)) }
        return model
    }

    /// The providers whose keys media models use; a BYOK caller sends them as `x-<name>-api-key`.
    static let keyedProviders = ["doubao", "modelscope", "huggingface", "chatgpt", "bfl", "google", "fal", "replicate", "dashscope", "minimax", "kling"]

    /// The image models listed by `/v1/models` for the providers that have keys.
    func listedModels(principal: Principal) -> [String] {
        let examples: [(String, [String])] = [
            ("doubao", ["image/doubao", "video/doubao-seedance", "video/doubao-seedance-pro"]),
            ("modelscope", ["image/modelscope/Qwen/Qwen-Image", "image/Qwen/Qwen-Image"]),
            ("huggingface", ["image/huggingface/black-forest-labs/FLUX.1-dev", "image/Qwen/Qwen-Image-Edit-vision", "video/Wan-AI/Wan2.2-TI2V-5B"]),
            ("chatgpt", ["image/openai/gpt-image-2", "image/openai/gpt-image-1"]),
            ("bfl", ["image/bfl/flux-kontext-pro"]),
            ("google", ["image/google/gemini-2.5-flash-image", "image/google/imagen-4.0-generate-001", "video/google/veo-3.1-generate-preview"]),
            ("fal", ["image/fal/fal-ai/flux/dev", "video/fal/fal-ai/kling-video/v2.1/standard/text-to-video"]),
        ] + Self.hostedExamples
        return examples.flatMap { provider, models in
            ((try? keys(provider, principal: principal)) ?? []).isEmpty ? [] : configuredModels(provider) ?? models
        }
    }

    /// `MEDIA_MODELS_<PROVIDER>`: the operator's own comma list of a provider's models, in place of its examples.
    private func configuredModels(_ provider: String) -> [String]? {
        let listed = KeyList.parse(environment["MEDIA_MODELS_\(ProviderProfile.variablePrefix(for: provider))"])
        return listed.isEmpty ? nil : listed
    }

    /// The largest input image or result file, in bytes.
    var maxInputBytes: Int {
        environment["FETCH_MAX_BYTES"].flatMap { Int($0) } ?? (20 << 20)
    }

    /// `VIDEO_MARKUP`: `html` adds an inline player block after a video link.
    var videoMarkup: String? { environment["VIDEO_MARKUP"]?.lowercased() }

    var mediaTimeoutSeconds: Int {
        environment["MEDIA_TIMEOUT_SECONDS"].flatMap { Int($0) }.map { min(max($0, 1), 7200) } ?? 600
    }

    private var pollFirst: Duration {
        .milliseconds(environment["MEDIA_POLL_FIRST_MS"].flatMap { Int($0) } ?? 1000)
    }

    /// How to reach `provider` for this caller: its base URL (`variable`, else `fallback`) and the caller's first key.
    func access(_ provider: String, _ variable: String, _ fallback: String, principal: Principal) throws(GatewayError) -> ProviderAccess {
        ProviderAccess(
            baseURL: base(variable, fallback), key: try keys(provider, principal: principal)[0], httpClient: httpClient, downloader: downloader,
            pollFirst: pollFirst)
    }

    private func base(_ variable: String, _ fallback: String) -> String {
        let value = environment[variable].nonEmpty ?? fallback
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// The caller's keys for `provider`: its own under BYOK, else the environment's; a 404 naming the
    /// variable when there are none.
    private func keys(_ provider: String, principal: Principal) throws(GatewayError) -> [String] {
        if provider == "kling" { return try klingKeys(principal: principal) }
        let variable = "\(ProviderProfile.variablePrefix(for: provider))_API_KEY"
        let keys: [String]
        if case .byok(let own) = principal.role {
            keys = own.keys(for: provider)
        } else {
            keys = KeyList.parse(environment[variable])
        }
        guard !keys.isEmpty else {
            throw .notFound("Provider \(provider) has no key: set \(variable)\(allowBYOK ? " or send x-\(provider)-api-key" : "").", code: "model_not_found", param: "model")
        }
        return keys
    }
}
