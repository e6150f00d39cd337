import AsyncHTTPClient
import Foundation
import PrismShared

/// Hugging Face Inference video (`video/huggingface/<org>/<model>`, `video/<org>/<model>[-vision]`): the same
/// call as for images — `{"inputs": prompt, "parameters": {…}}`, or the input image in base64 as `inputs` with
/// the prompt in `parameters.prompt` — answered with the video bytes.
public struct HuggingFaceVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Hugging Face")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "video/huggingface" }
    public var example: String { "Waves rolling onto a beach at sunset --frames 49 --steps 30" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("frames", .integer(8...257), "number of frames"),
            FlagSpec("guidance", .number(0...30), "guidance scale"),
            FlagSpec("steps", .integer(1...100), "inference steps"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random"),
        ])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: "generating"))
            var parameters: JSONValue = [:]
            if let frames = request.flags.integers["frames"] { parameters["num_frames"] = JSONValue(frames) }
            if let guidance = request.flags.numbers["guidance"] { parameters["guidance_scale"] = .number(guidance) }
            if let steps = request.flags.integers["steps"] { parameters["num_inference_steps"] = JSONValue(steps) }
            if let seed = request.flags.integers["seed"] { parameters["seed"] = JSONValue(seed) }
            let answer = try await HuggingFaceInference.call(
                http, baseURL: access.baseURL, key: access.key, request: request, parameters: parameters, timeoutSeconds: 1800, maxBytes: 512 << 20)
            guard ImageSniffer.mimeType(of: answer.bytes) == "video/mp4" else { throw MediaProviderError("Hugging Face's result is not an MP4 video") }
            continuation.yield(.asset(MediaAsset(bytes: answer.bytes, mimeType: "video/mp4")))
            continuation.yield(.succeeded)
        }
    }
}
