import AsyncHTTPClient
import Foundation
import PrismShared

/// Gemini image models on the Gemini API (`image/google/<model>`, e.g. `gemini-2.5-flash-image`):
/// `POST {GOOGLE_BASE_URL}/v1beta/models/<model>:generateContent` with `x-goog-api-key`, the prompt and any
/// input images as `inlineData` parts; the images come back as `candidates[0].content.parts[].inlineData`.
/// A blocked prompt (`promptFeedback.blockReason`) or a candidate stopped for safety (`finishReason`) is the
/// content filter's refusal.
public struct GeminiImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Google")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "image/google" }
    public var example: String { "A watercolour fox asleep in the snow --ratio 16:9" }

    /// Gemini's image sizes by aspect ratio (gemini-2.5-flash-image); `--ratio` picks the nearest.
    static let sizes: [(ratio: String, width: Int, height: Int)] = [
        ("1:1", 1024, 1024), ("2:3", 832, 1248), ("3:2", 1248, 832), ("3:4", 864, 1184), ("4:3", 1184, 864),
        ("4:5", 896, 1152), ("5:4", 1152, 896), ("9:16", 768, 1344), ("16:9", 1344, 768), ("21:9", 1536, 672),
    ]

    /// Finish reasons that mean Google's filters stopped the answer.
    static let refusals: Set<String> = [
        "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "RECITATION", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    ]

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest of \(GoogleWire.ratioList(Self.sizes))"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
        ], supportedSizes: Self.sizes.map { ($0.width, $0.height) })
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: nil))
            let answer = try await http.send(
                GoogleWire.modelURL(access, request.model, "generateContent"), headers: GoogleWire.headers(access), json: try body(request),
                timeoutSeconds: 600)
            guard answer.status == 200, let json = answer.json else { throw GoogleWire.failure(answer) }
            for image in try Self.images(in: json) {
                continuation.yield(.asset(try imageAsset(image.bytes, provider: "Gemini", fallbackMime: image.mimeType)))
            }
            continuation.yield(.succeeded)
        }
    }

    /// `{contents:[{role, parts:[{text}, {inlineData}…]}], generationConfig:{responseModalities, imageConfig, seed}}`.
    func body(_ request: MediaRequest) throws -> JSONValue {
        var parts: [JSONValue] = [["text": .string(request.prompt)]]
        for image in request.inputImages {
            let file = try GoogleWire.base64Image(image)
            parts.append(["inlineData": ["mimeType": .string(file.mimeType), "data": .string(file.data)]])
        }
        var config: JSONValue = ["responseModalities": ["TEXT", "IMAGE"]]
        if let ratio = GoogleWire.ratio(request.flags, in: Self.sizes) { config["imageConfig"] = ["aspectRatio": .string(ratio)] }
        if let seed = request.flags.integers["seed"] { config["seed"] = JSONValue(seed) }
        return ["contents": [["role": "user", "parts": .array(parts)]], "generationConfig": config]
    }

    /// The images of the first candidate (not the model's draft "thought" images); a refusal or a text-only
    /// answer is an error that says why.
    static func images(in json: JSONValue) throws -> [(bytes: [UInt8], mimeType: String?)] {
        if let blocked = json["promptFeedback"]?["blockReason"]?.stringValue { throw GoogleWire.refused(blocked) }
        let candidate = json["candidates"]?.arrayValue?.first
        let parts = candidate?["content"]?["parts"]?.arrayValue ?? []
        let images = parts.compactMap { part -> (bytes: [UInt8], mimeType: String?)? in
            let inline = part["inlineData"] ?? part["inline_data"]
            guard part["thought"]?.boolValue != true, let encoded = inline?["data"]?.stringValue, let data = Data(base64Encoded: encoded) else { return nil }
            return (Array(data), inline?["mimeType"]?.stringValue ?? inline?["mime_type"]?.stringValue)
        }
        if !images.isEmpty { return images }
        let finish = candidate?["finishReason"]?.stringValue ?? ""
        if refusals.contains(finish) { throw GoogleWire.refused(finish) }
        let text = plainReason(parts.compactMap { $0["text"]?.stringValue }.joined(separator: " "), fallback: "")
        throw MediaProviderError("Gemini answered without an image (\(text.isEmpty ? (finish.isEmpty ? "no reason given" : finish) : text))")
    }
}
