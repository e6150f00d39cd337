import AsyncHTTPClient
import Foundation
import PrismShared

/// Imagen on the Gemini API (`image/google/imagen-…`): `POST {GOOGLE_BASE_URL}/v1beta/models/<model>:predict`
/// with `x-goog-api-key` and `{instances:[{prompt}], parameters:{sampleCount, aspectRatio, includeRaiReason}}`
/// gives `predictions[]`, each `{bytesBase64Encoded, mimeType}`, or `{raiFilteredReason}` for an image the
/// content filter held back. Text to image only.
public struct ImagenImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Google")
    }

    public var acceptsInputImages: Bool { false }
    public var displayName: String { "image/google/imagen" }
    public var example: String { "A lighthouse in a storm, oil painting --ratio 16:9 --n 2" }

    /// Imagen's sizes by aspect ratio; `--ratio` picks the nearest.
    static let sizes: [(ratio: String, width: Int, height: Int)] = [
        ("1:1", 1024, 1024), ("3:4", 896, 1280), ("4:3", 1280, 896), ("9:16", 768, 1408), ("16:9", 1408, 768),
    ]

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest of \(GoogleWire.ratioList(Self.sizes))", default: "1:1"),
            FlagSpec("n", .integer(1...4), "number of images", default: "1"),
        ], supportedSizes: Self.sizes.map { ($0.width, $0.height) })
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: nil))
            var parameters: JSONValue = ["sampleCount": JSONValue(request.flags.integers["n"] ?? 1), "includeRaiReason": true]
            if let ratio = GoogleWire.ratio(request.flags, in: Self.sizes) { parameters["aspectRatio"] = .string(ratio) }
            let body: JSONValue = ["instances": [["prompt": .string(request.prompt)]], "parameters": parameters]
            let answer = try await http.send(GoogleWire.modelURL(access, request.model, "predict"), headers: GoogleWire.headers(access), json: body, timeoutSeconds: 600)
            guard answer.status == 200, let json = answer.json else { throw GoogleWire.failure(answer) }
            let predictions = json["predictions"]?.arrayValue ?? []
            var delivered = 0
            for prediction in predictions {
                guard let encoded = prediction["bytesBase64Encoded"]?.stringValue, let data = Data(base64Encoded: encoded) else { continue }
                continuation.yield(.asset(try imageAsset(Array(data), provider: "Imagen", fallbackMime: prediction["mimeType"]?.stringValue)))
                delivered += 1
            }
            // Imagen leaves out what its filter held back: an answer without images is a refusal.
            guard delivered > 0 else { throw GoogleWire.refused(predictions.compactMap { $0["raiFilteredReason"]?.stringValue }.first) }
            continuation.yield(.succeeded)
        }
    }
}
