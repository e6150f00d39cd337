/// What Prism needs to know to reach one OpenAI-compatible text provider: data, not code.
struct ProviderProfile: Sendable, Equatable {
    /// The model-name prefix, e.g. `groq`.
    let name: String
    /// The base URL without a trailing slash; `/chat/completions` and `/models` are appended.
    let baseURL: String
    /// The pool of keys from the environment; empty when none is set.
    let keys: [String]
    /// A custom endpoint (`CUSTOM_API_ENDPOINTS`) is loaded without a key, for local servers.
    let isCustom: Bool

    init(name: String, baseURL: String, keys: [String], isCustom: Bool = false) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.keys = keys
        self.isCustom = isCustom
    }

    /// The environment variable that holds this provider's keys.
    var keyVariable: String { Self.variablePrefix(for: name) + "_API_KEY" }

    /// The header a BYOK caller uses for this provider.
    var keyHeader: String { "x-\(name.lowercased())-api-key" }

    /// Loaded (usable with the environment's keys, and listed at start-up).
    var isLoaded: Bool { !keys.isEmpty || isCustom }

    /// The upper-cased variable prefix of a provider name: `my-ollama` → `MY_OLLAMA`.
    static func variablePrefix(for name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The built-in providers of SPEC §3 with their default base URLs.
    static let builtIn: [(name: String, baseURL: String)] = [
        ("gateway", "https://ai-gateway.vercel.sh/v1"),
        ("chatgpt", "https://api.openai.com/v1"),
        ("groq", "https://api.groq.com/openai/v1"),
        ("cerebras", "https://api.cerebras.ai/v1"),
        ("gemini", "https://generativelanguage.googleapis.com/v1beta/openai"),
        ("openrouter", "https://openrouter.ai/api/v1"),
        ("mistral", "https://api.mistral.ai/v1"),
        ("nvidia", "https://integrate.api.nvidia.com/v1"),
        ("github", "https://models.github.ai/inference"),
        ("modelscope", "https://api-inference.modelscope.cn/v1"),
        ("doubao", "https://ark.cn-beijing.volces.com/api/v3"),
        ("infini", "https://cloud.infini-ai.com/maas/v1"),
        ("cohere", "https://api.cohere.ai/compatibility/v1"),
        ("poe", "https://api.poe.com/v1"),
        ("poixe", "https://api.poixe.com/v1"),
        ("morph", "https://api.morphllm.com/v1"),
        ("huggingface", "https://router.huggingface.co/v1"),
    ]
}
