import AsyncHTTPClient
import Foundation
import PrismShared

/// Volcengine Ark Seedream (`image/doubao`, `image/doubao-*`, `image/seedream*`): synchronous
/// `POST {DOUBAO_BASE_URL}/images/generations`; with an input image it edits (i2i).
public struct DoubaoImageProvider: MediaProvider {
    public let baseURL: String
    public let keys: [String]
    let http: MediaHTTP
    let downloader: MediaDownloader
    /// The Ark model id sent for a bare `image/doubao`.
    public let defaultModel: String
    /// The Ark model id sent for a bare `image/doubao` with an input image (Seededit, image to image).
    public let editModel = "doubao-seededit-3-0-i2i-250628"
    public let timeoutSeconds: Int

    public init(baseURL: String, keys: [String], httpClient: HTTPClient, downloader: MediaDownloader,
                defaultModel: String = "doubao-seedream-3-0-t2i-250415", timeoutSeconds: Int = 600) {
        self.baseURL = baseURL
        self.keys = keys
        http = MediaHTTP(httpClient: httpClient, provider: "Ark")
        self.downloader = downloader
        self.defaultModel = defaultModel
        self.timeoutSeconds = timeoutSeconds
    }

    public var displayName: String { "image/doubao" }
    public var example: String { "A lighthouse on a cliff at dusk, oil painting --ratio 16:9 --seed 42" }

    public static let sizes: [(width: Int, height: Int)] = [
        (1024, 1024), (864, 1152), (1152, 864), (1280, 720), (720, 1280), (832, 1248), (1248, 832), (1512, 648),
    ]

    public var flags: FlagValidator {
        FlagValidator(
            model: displayName,
            specs: [
                FlagSpec("size", .size(512...2048), "output size in pixels", default: "1024x1024"),
                FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
                FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
                FlagSpec("guidance", .number(1...10), "how closely to follow the prompt", default: "2.5"),
                FlagSpec("format", .choice(["url", "b64_json"]), "how the image is delivered", default: "url"),
            ],
            supportedSizes: Self.sizes)
    }

    /// The Ark model for a user's model name: `doubao` is Seedream (or Seededit with an input image),
    /// anything else is sent as written.
    func arkModel(_ model: String, editing: Bool) -> String {
        guard model == "doubao" else { return model }
        return editing ? editModel : defaultModel
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: "generating"))
            continuation.yield(.asset(try await run(request)))
            continuation.yield(.succeeded)
        }
    }

    /// Tries the keys in turn: a key that is refused, limited or meets a server error gives way to the next.
    private func run(_ request: MediaRequest) async throws -> MediaAsset {
        var body: JSONValue = [
            "model": .string(arkModel(request.model, editing: !request.inputImages.isEmpty)), "prompt": .string(request.prompt), "response_format": "url", "watermark": false,
        ]
        if let width = request.flags.width, let height = request.flags.height { body["size"] = .string("\(width)x\(height)") }
        if let seed = request.flags.integers["seed"] { body["seed"] = JSONValue(seed) }
        if let guidance = request.flags.numbers["guidance"] { body["guidance_scale"] = .number(guidance) }
        if let image = request.inputImages.first { body["image"] = .string(image) }
        var lastFailure = "no DOUBAO_API_KEY is configured"
        for key in keys {
            let answer: MediaHTTP.Answer
            do {
                answer = try await http.send(baseURL + "/images/generations", headers: [("authorization", "Bearer \(key)")], json: body, timeoutSeconds: timeoutSeconds)
            } catch let failure as MediaProviderError {
                lastFailure = failure.description
                continue
            }
            guard answer.status == 200 else {
                if ArkRefusal.isContentFilter(answer.json?["error"]) {
                    throw MediaProviderError.contentFilter("Seedream", answer.errorMessage)
                }
                lastFailure = "Ark answered \(answer.status): \(answer.errorMessage)"
                if [401, 403, 429].contains(answer.status) || answer.status >= 500 { continue }
                throw MediaProviderError(lastFailure)
            }
            let json = answer.json
            guard let first = json?["data"]?.arrayValue?.first else {
                throw MediaProviderError("Ark answered without an image (\(json?["error"]?["message"]?.stringValue ?? "no data"))")
            }
            let file: (bytes: [UInt8], mimeType: String)
            if let url = first["url"]?.stringValue {
                file = try await downloader.fetch(url)
            } else if let encoded = first["b64_json"]?.stringValue, let data = Data(base64Encoded: encoded) {
                file = (Array(data), ImageSniffer.mimeType(of: Array(data)) ?? "image/png")
            } else {
                throw MediaProviderError("Ark's answer held neither a URL nor image data")
            }
            guard file.mimeType.hasPrefix("image/") else { throw MediaProviderError("Ark's result is not an image (\(file.mimeType))") }
            let size = ImageSniffer.pngSize(of: file.bytes)
            return MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width ?? request.flags.width, height: size?.height ?? request.flags.height)
        }
        throw MediaProviderError(lastFailure)
    }
}
