import AsyncHTTPClient
import Foundation
import PrismShared
import Storage

/// OpenAI images (`image/openai/<model>`: `gpt-image-1`, `dall-e-3`): `POST {CHATGPT_BASE_URL}/images/generations`,
/// or `/images/edits` (multipart, the image as a file) with an input image; answered with `data[0].b64_json`
/// or `data[0].url`.
public struct OpenAIImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("OpenAI")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "image/openai" }
    public var example: String { "A minimalist poster of a mountain lake --ratio 2:3" }

    public var flags: FlagValidator {
        FlagValidator(
            model: displayName,
            specs: [
                FlagSpec("size", .size(256...1792), "output size in pixels", default: "1024x1024"),
                FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
            ],
            supportedSizes: [(1024, 1024), (1536, 1024), (1024, 1536), (1792, 1024), (1024, 1792)])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            continuation.yield(.progress(fraction: nil, providerStatus: "generating"))
            let size = request.flags.width.flatMap { width in request.flags.height.map { "\(width)x\($0)" } }
            let answer: MediaHTTP.Answer
            if let image = request.inputImages.first {
                answer = try await edit(image, request: request, size: size)
            } else {
                var body: JSONValue = ["model": .string(request.model), "prompt": .string(request.prompt), "n": 1]
                if let size { body["size"] = .string(size) }
                answer = try await http.send(access.baseURL + "/images/generations", headers: [("authorization", "Bearer \(access.key)")], json: body, timeoutSeconds: 600)
            }
            guard answer.status == 200, let first = answer.json?["data"]?.arrayValue?.first else {
                throw MediaProviderError("OpenAI answered \(answer.status): \(answer.errorMessage)")
            }
            if let encoded = first["b64_json"]?.stringValue, let data = Data(base64Encoded: encoded) {
                continuation.yield(.asset(try imageAsset(Array(data), provider: "OpenAI")))
            } else if let url = first["url"]?.stringValue {
                continuation.yield(.asset(try imageAsset(try await access.downloader.fetch(url).bytes, provider: "OpenAI")))
            } else {
                throw MediaProviderError("OpenAI's answer held no image")
            }
            continuation.yield(.succeeded)
        }
    }

    /// `POST /images/edits` as multipart/form-data, the input image as the `image` file.
    private func edit(_ image: String, request: MediaRequest, size: String?) async throws -> MediaHTTP.Answer {
        guard let file = decodeDataURI(image) else { throw MediaProviderError("the input image could not be read") }
        var fields = [("model", request.model), ("prompt", request.prompt)]
        if let size { fields.append(("size", size)) }
        let form = multipartBody(fields: fields, file: ("image", "input.\(MediaRecord.fileExtension(for: file.mimeType))", file.mimeType, file.bytes))
        return try await http.send(
            access.baseURL + "/images/edits", headers: [("authorization", "Bearer \(access.key)"), ("content-type", form.contentType)], raw: form.body, timeoutSeconds: 600)
    }
}
