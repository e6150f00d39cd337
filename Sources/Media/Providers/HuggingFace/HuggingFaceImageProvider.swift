import AsyncHTTPClient
import Foundation
import PrismShared

/// Hugging Face Inference (`image/huggingface/<org>/<model>`, `image/<org>/<model>-vision`):
/// `POST {HUGGINGFACE_INFERENCE_URL}/models/<org>/<model>` with `{"inputs": prompt, "parameters": {…}}`
/// answers the image bytes; with an input image, `inputs` is that image in base64 and the prompt goes in
/// `parameters.prompt`.
public struct HuggingFaceImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Hugging Face")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "image/huggingface" }
    public var example: String { "An astronaut riding a horse, watercolor --steps 25 --guidance 7" }

    public var flags: FlagValidator {
        FlagValidator(
            model: displayName,
            specs: [
                FlagSpec("size", .size(64...2048), "output size in pixels"),
                FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
                FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random"),
                FlagSpec("steps", .integer(1...100), "inference steps"),
                FlagSpec("guidance", .number(0...30), "guidance scale"),
                FlagSpec("negative", .text, "what the image should not show"),
            ],
            supportedSizes: [(1024, 1024), (1216, 832), (832, 1216), (1344, 768), (768, 1344)])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: "generating"))
            var parameters: JSONValue = [:]
            if let width = request.flags.width, let height = request.flags.height {
                parameters["width"] = JSONValue(width)
                parameters["height"] = JSONValue(height)
            }
            if let seed = request.flags.integers["seed"] { parameters["seed"] = JSONValue(seed) }
            if let steps = request.flags.integers["steps"] { parameters["num_inference_steps"] = JSONValue(steps) }
            if let guidance = request.flags.numbers["guidance"] { parameters["guidance_scale"] = .number(guidance) }
            if let negative = request.flags.strings["negative"] { parameters["negative_prompt"] = .string(negative) }
            let answer = try await HuggingFaceInference.call(
                http, baseURL: access.baseURL, key: access.key, request: request, parameters: parameters, timeoutSeconds: 600, maxBytes: 64 << 20)
            continuation.yield(.asset(try imageAsset(answer.bytes, provider: "Hugging Face", fallbackMime: answer.contentType)))
            continuation.yield(.succeeded)
        }
    }
}
