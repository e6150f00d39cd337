import AsyncHTTPClient
import Foundation
import PrismShared

/// Kling video (`video/kling/<model>`, e.g. `kling-v2-1`): `POST {KLING_BASE_URL}/v1/videos/text2video` (or
/// `/v1/videos/image2video` with the `image`) `{model_name, prompt, negative_prompt, duration: "5", aspect_ratio,
/// mode}` answers `{code: 0, data: {task_id, task_status}}`; `GET /v1/videos/<endpoint>/<task_id>` is polled
/// until `task_status` is `succeed` (`task_result.videos[0].url`) or `failed` (`task_status_msg`). Every call
/// carries a short-lived JWT made from the access and secret keys; the access key's `key` is `access:secret`.
public struct KlingVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    /// Kling's code for a prompt or image its content security refused.
    static let contentFilterCode = 1301

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Kling")
    }

    public var displayName: String { "video/kling" }
    public var example: String { "A paper lantern rising over a dark lake --ratio 16:9 --duration 5 --resolution 1080p" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("duration", .choice(["5", "10"]), "length in seconds", default: "5"),
            FlagSpec("ratio", .choice(["16:9", "9:16", "1:1"]), "aspect ratio (text to video; an input image keeps its own)", default: "16:9"),
            FlagSpec("resolution", .choice(["720p", "1080p"]), "720p is Kling's standard mode, 1080p its professional mode", default: "720p"),
            FlagSpec("negative", .text, "what the video should not show"),
            FlagSpec("repeat", .boolean, "use the input image as first and last frame"),
        ])
    }

    /// The endpoint (`text2video` or `image2video`) and body of a task.
    func task(_ request: MediaRequest) throws -> (endpoint: String, body: JSONValue) {
        let flags = request.flags
        var body: JSONValue = ["model_name": .string(request.model), "prompt": .string(request.prompt)]
        if let negative = flags.strings["negative"] { body["negative_prompt"] = .string(negative) }
        if let duration = flags.strings["duration"] { body["duration"] = .string(duration) }
        if let resolution = flags.strings["resolution"] { body["mode"] = .string(resolution == "1080p" ? "pro" : "std") }
        guard let image = request.inputImages.first else {
            if let ratio = flags.strings["ratio"] { body["aspect_ratio"] = .string(ratio) }
            return ("text2video", body)
        }
        guard flags.strings["ratio"] == nil else {
            throw MediaProviderError("Kling image-to-video keeps the shape of the input image, so it takes no --ratio; send the prompt without it")
        }
        body["image"] = .string(Self.imageField(image))
        if flags.booleans["repeat"] == true { body["image_tail"] = .string(Self.imageField(image)) }
        return ("image2video", body)
    }

    /// Kling takes an image as a URL or as bare base64: a `data:` URI loses its prefix.
    static func imageField(_ image: String) -> String {
        guard image.hasPrefix("data:"), let comma = image.firstIndex(of: ",") else { return image }
        return String(image[image.index(after: comma)...])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let (endpoint, body) = try task(request)
            let created = try check(try await http.send(access.baseURL + "/v1/videos/\(endpoint)", headers: try auth(), json: body))
            guard let id = created["data"]?["task_id"]?.stringValue else { throw MediaProviderError("Kling did not return a task_id") }
            let pollURL = access.baseURL + "/v1/videos/\(endpoint)/\(id)"
            continuation.yield(.submitted(ProviderTask(id: id, pollURL: pollURL)))
            continuation.yield(.queued(position: nil))
            try await follow(pollURL, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        let pollURL = task.pollURL ?? access.baseURL + "/v1/videos/text2video/\(task.id)"
        return jobEvents { continuation in try await follow(pollURL, request: request, continuation) }
    }

    /// The access and secret keys, from `access:secret`.
    func credentials() throws -> (access: String, secret: String) {
        guard let colon = access.key.firstIndex(of: ":"), colon != access.key.startIndex, colon != access.key.index(before: access.key.endIndex) else {
            throw MediaProviderError("Kling needs an access key and a secret key: set KLING_ACCESS_KEY and KLING_SECRET_KEY")
        }
        return (String(access.key[..<colon]), String(access.key[access.key.index(after: colon)...]))
    }

    private func auth() throws -> [(String, String)] {
        let keys = try credentials()
        return [("authorization", "Bearer \(KlingTokenCache.shared.token(access: keys.access, secret: keys.secret))")]
    }

    /// The JSON of an answer with `code` 0, or the error a person reads.
    private func check(_ answer: MediaHTTP.Answer) throws -> JSONValue {
        let json = answer.json
        let code = json?["code"]?.intValue
        let message = json?["message"]?.stringValue ?? answer.errorMessage
        if code == Self.contentFilterCode { throw MediaProviderError.contentFilter("Kling", message) }
        if answer.status == 401 {
            if let keys = try? credentials() { KlingTokenCache.shared.forget(access: keys.access) }
            throw MediaProviderError("Kling refused the token made from the access and secret keys (\(plainReason(message))); check KLING_ACCESS_KEY and KLING_SECRET_KEY")
        }
        guard answer.status == 200, let json, code == 0 else { throw MediaProviderError.answered("Kling", answer.status, message) }
        return json
    }

    /// Polls the task until it ends, reporting its states; downloads the video.
    private func follow(_ pollURL: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let video = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let data = try check(try await http.send(pollURL, method: .GET, headers: try auth(), timeoutSeconds: 60, maxBytes: 4 << 20))["data"]
            switch data?["task_status"]?.stringValue ?? "" {
            case "submitted": continuation.yield(.queued(position: nil))
            case "processing": continuation.yield(.progress(fraction: nil, providerStatus: nil))
            case "succeed":
                guard let video = data?["task_result"]?["videos"]?.arrayValue?.first else { throw MediaProviderError("Kling succeeded without a video") }
                return video
            case "failed":
                let reason = data?["task_status_msg"]?.stringValue
                let lowered = reason?.lowercased() ?? ""
                if ["risk control", "content security", "sensitive", "policy"].contains(where: { lowered.contains($0) }) {
                    throw MediaProviderError.contentFilter("Kling", reason)
                }
                throw MediaProviderError.failed("Kling", reason)
            case let status:
                throw MediaProviderError("Kling reported a task status Prism does not know (\(plainReason(status, fallback: "none")))")
            }
            return nil
        }
        guard let url = video["url"]?.stringValue else { throw MediaProviderError("Kling succeeded without a video URL") }
        let file = try await access.downloader.fetch(url)
        guard file.mimeType.hasPrefix("video/") else { throw MediaProviderError("Kling's result is not a video (\(file.mimeType))") }
        let duration = video["duration"]?.stringValue.flatMap(Double.init) ?? request.flags.strings["duration"].flatMap(Double.init) ?? 5
        // Standard mode is 720p and professional 1080p; an image-to-video keeps the image's shape, unknown here.
        let size = pollURL.contains("/text2video/")
            ? SeedanceVideoProvider.frameSize(resolution: request.flags.strings["resolution"] ?? "720p", ratio: request.flags.strings["ratio"] ?? "16:9") : nil
        continuation.yield(.asset(MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width, height: size?.height, duration: duration)))
        continuation.yield(.succeeded)
    }
}
