import Foundation
import PrismShared

/// What the Gemini API providers share: the key header, model URLs, input images as base64, the
/// nearest supported aspect ratio, and the sentences for a refused prompt and a failed call.
enum GoogleWire {
    static func headers(_ access: ProviderAccess) -> [(String, String)] {
        [("x-goog-api-key", access.key)]
    }

    /// `{base}/v1beta/models/<model>:<method>`.
    static func modelURL(_ access: ProviderAccess, _ model: String, _ method: String) -> String {
        "\(access.baseURL)/v1beta/models/\(model):\(method)"
    }

    /// An input image (Prism hands this provider `data:` URIs) as its mime type and base64 text.
    static func base64Image(_ image: String) throws -> (mimeType: String, data: String) {
        guard let comma = image.firstIndex(of: ","), let file = decodeDataURI(image) else {
            throw MediaProviderError("the input image could not be read")
        }
        return (file.mimeType, String(image[image.index(after: comma)...]))
    }

    /// The aspect ratio (`16:9`) of the supported size `--ratio` was mapped to, if it was given.
    static func ratio(_ flags: ValidatedFlags, in sizes: [(ratio: String, width: Int, height: Int)]) -> String? {
        guard flags.ratio != nil else { return nil }
        return sizes.first { $0.width == flags.width && $0.height == flags.height }?.ratio
    }

    /// The sizes' ratios, for `/help`.
    static func ratioList(_ sizes: [(ratio: String, width: Int, height: Int)]) -> String {
        sizes.map(\.ratio).joined(separator: ", ")
    }

    /// Google's content filter held the prompt or the result back; `reason` is Google's own word for it.
    static func refused(_ reason: String?) -> MediaProviderError {
        let words = reason.map { plainReason($0, fallback: "") }.flatMap { $0.isEmpty ? nil : $0 }
        return MediaProviderError("Google's content filter refused the prompt" + (words.map { " (\($0))" } ?? ""))
    }

    /// A call the API answered with an error status.
    static func failure(_ answer: MediaHTTP.Answer) -> MediaProviderError {
        MediaProviderError("Google answered \(answer.status): \(plainReason(answer.errorMessage))")
    }

    /// Whether `uri` is on the configured API's own origin: only there is the key sent along.
    static func sameOrigin(_ uri: String, as base: String) -> Bool {
        guard let target = URLComponents(string: uri), let api = URLComponents(string: base) else { return false }
        return target.scheme?.lowercased() == api.scheme?.lowercased() && target.host?.lowercased() == api.host?.lowercased() && target.port == api.port
    }
}
