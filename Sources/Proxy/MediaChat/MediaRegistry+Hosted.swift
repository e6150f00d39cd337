import Foundation
import Media
import PrismShared

/// Replicate, Alibaba Model Studio (DashScope), MiniMax and Kling (SPEC §5): matched by their own prefix,
/// before the catch-all `<org>/<model>` rules of Hugging Face and ModelScope.
extension MediaRegistry {
    /// `image/replicate/<owner>/<model>` and `image/dashscope/<model>`; `nil` for any other name.
    func hostedImageProvider(_ name: String, principal: Principal) throws(GatewayError) -> (any MediaProvider)? {
        let lowered = name.lowercased()
        if lowered.hasPrefix("replicate/") {
            return ReplicateProvider(try access("replicate", "REPLICATE_BASE_URL", "https://api.replicate.com", principal: principal))
        }
        if lowered.hasPrefix("dashscope/") {
            return DashScopeImageProvider(try dashScopeAccess(principal), model: Self.upstreamModel(name))
        }
        return nil
    }

    /// `video/replicate/…`, `video/dashscope/<model>`, `video/minimax/<model>` and `video/kling/<model>`; `nil`
    /// for any other name.
    func hostedVideoProvider(_ name: String, principal: Principal) throws(GatewayError) -> (any MediaProvider)? {
        let lowered = name.lowercased()
        if lowered.hasPrefix("replicate/") {
            return ReplicateProvider(try access("replicate", "REPLICATE_BASE_URL", "https://api.replicate.com", principal: principal), video: true)
        }
        if lowered.hasPrefix("dashscope/") { return DashScopeVideoProvider(try dashScopeAccess(principal)) }
        if lowered.hasPrefix("minimax/") {
            return MiniMaxVideoProvider(try access("minimax", "MINIMAX_BASE_URL", "https://api.minimax.io", principal: principal))
        }
        if lowered.hasPrefix("kling/") {
            return KlingVideoProvider(try access("kling", "KLING_BASE_URL", "https://api-singapore.klingai.com", principal: principal))
        }
        return nil
    }

    private func dashScopeAccess(_ principal: Principal) throws(GatewayError) -> ProviderAccess {
        try access("dashscope", "DASHSCOPE_BASE_URL", "https://dashscope-intl.aliyuncs.com", principal: principal)
    }

    /// What `/v1/models` lists for these providers when they have keys.
    static let hostedExamples: [(String, [String])] = [
        ("replicate", ["image/replicate/black-forest-labs/flux-schnell", "video/replicate/bytedance/seedance-1-lite"]),
        ("dashscope", ["image/dashscope/wan2.2-t2i-flash", "image/dashscope/qwen-image", "video/dashscope/wan2.2-t2v-plus", "video/dashscope/wan2.2-i2v-plus"]),
        ("minimax", ["video/minimax/MiniMax-Hailuo-02"]),
        ("kling", ["video/kling/kling-v2-1-master"]),
    ]

    /// Kling signs its own tokens with two keys, so its one "key" is `access:secret`: from KLING_ACCESS_KEY and
    /// KLING_SECRET_KEY, or a BYOK caller's `x-kling-api-key: <access key>:<secret key>`.
    func klingKeys(principal: Principal) throws(GatewayError) -> [String] {
        if case .byok(let own) = principal.role {
            let keys = own.keys(for: "kling").filter { $0.contains(":") }
            guard !keys.isEmpty else {
                throw .notFound("Provider kling has no key: send x-kling-api-key as <access key>:<secret key>.", code: "model_not_found", param: "model")
            }
            return keys
        }
        let accessKey = environment["KLING_ACCESS_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let secretKey = environment["KLING_SECRET_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !accessKey.isEmpty, !secretKey.isEmpty else {
            let byok = allowBYOK ? ", or send x-kling-api-key as <access key>:<secret key>" : ""
            throw .notFound("Provider kling has no key: set KLING_ACCESS_KEY and KLING_SECRET_KEY\(byok).", code: "model_not_found", param: "model")
        }
        return ["\(accessKey):\(secretKey)"]
    }
}
