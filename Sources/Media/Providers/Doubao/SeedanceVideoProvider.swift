import AsyncHTTPClient
import Foundation
import PrismShared

/// Volcengine Ark Seedance (`video/doubao-seedance*`): `POST {base}/contents/generations/tasks` with the prompt
/// (Prism's validated flags written back in Seedance's own `--ratio 16:9 --duration 5` syntax) and optional
/// first/last frame images gives `{id}`; `GET …/tasks/{id}` is polled until `succeeded` (`content.video_url`),
/// `failed` or `cancelled`.
public struct SeedanceVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Seedance")
    }

    public var displayName: String { "video/doubao-seedance" }
    public var example: String { "A paper boat drifting down a rainy street --ratio 16:9 --duration 5 --resolution 720p" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .choice(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"]), "aspect ratio", default: "16:9"),
            FlagSpec("duration", .integer(3...12), "length in seconds", default: "5"),
            FlagSpec("resolution", .choice(["480p", "720p", "1080p"]), "resolution", default: "720p"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
            FlagSpec("camerafixed", .boolean, "keep the camera still", default: "false"),
            FlagSpec("repeat", .boolean, "use the input image as first and last frame"),
        ])
    }

    /// The Ark model for a user's model name; image-to-video models for the lite family when an image is given.
    func arkModel(_ model: String, withImage: Bool) -> String {
        switch model {
        case "doubao-seedance", "doubao-seedance-lite": return withImage ? "doubao-seedance-1-0-lite-i2v-250428" : "doubao-seedance-1-0-lite-t2v-250428"
        case "doubao-seedance-pro": return "doubao-seedance-1-0-pro-250528"
        default: return model
        }
    }

    /// Width and height from Seedance's `720p` (the short side) and `16:9`; `nil` when either is unknown
    /// (`adaptive` follows the input image).
    static func frameSize(resolution: String?, ratio: String?) -> (width: Int, height: Int)? {
        guard let resolution, let short = Int(resolution.dropLast()), resolution.hasSuffix("p"), let ratio else { return nil }
        let parts = ratio.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
        let long = (short * max(parts[0], parts[1]) / min(parts[0], parts[1])) / 2 * 2
        return parts[0] >= parts[1] ? (long, short) : (short, long)
    }

    /// The prompt with the validated flags in Seedance's syntax.
    static func promptText(_ request: MediaRequest) -> String {
        var text = request.prompt
        let flags = request.flags
        if let ratio = flags.strings["ratio"] { text += " --ratio \(ratio)" }
        if let duration = flags.integers["duration"] { text += " --duration \(duration)" }
        if let resolution = flags.strings["resolution"] { text += " --resolution \(resolution)" }
        if let seed = flags.integers["seed"] { text += " --seed \(seed)" }
        if let fixed = flags.booleans["camerafixed"] { text += " --camerafixed \(fixed)" }
        return text
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            var content: [JSONValue] = [["type": "text", "text": .string(Self.promptText(request))]]
            if let image = request.inputImages.first {
                content.append(["type": "image_url", "image_url": ["url": .string(image)], "role": "first_frame"])
                if request.flags.booleans["repeat"] == true {
                    content.append(["type": "image_url", "image_url": ["url": .string(image)], "role": "last_frame"])
                }
            }
            let body: JSONValue = ["model": .string(arkModel(request.model, withImage: !request.inputImages.isEmpty)), "content": .array(content)]
            let created = try await http.send(access.baseURL + "/contents/generations/tasks", headers: auth, json: body)
            guard created.status == 200, let id = created.json?["id"]?.stringValue else {
                throw MediaProviderError("Seedance answered \(created.status): \(created.errorMessage)")
            }
            continuation.yield(.submitted(ProviderTask(id: id)))
            try await follow(id, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await follow(task.id, request: request, continuation) }
    }

    /// Ark cancels a queued task on `DELETE` (a running one cannot be stopped and is left to finish).
    public func cancel(_ task: ProviderTask) async {
        _ = try? await http.send(access.baseURL + "/contents/generations/tasks/\(task.id)", method: .DELETE, headers: auth, timeoutSeconds: 10)
    }

    private var auth: [(String, String)] { [("authorization", "Bearer \(access.key)")] }

    /// Polls the task until it ends, reporting its states; downloads the video.
    private func follow(_ id: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let json = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let polled = try await http.send(access.baseURL + "/contents/generations/tasks/\(id)", method: .GET, headers: auth)
            guard polled.status == 200, let json = polled.json else {
                throw MediaProviderError("Seedance answered \(polled.status): \(polled.errorMessage)")
            }
            switch json["status"]?.stringValue ?? "" {
            case "queued": continuation.yield(.queued(position: nil))
            case "running": continuation.yield(.progress(fraction: nil, providerStatus: nil))
            case "succeeded": return json
            case "cancelled": throw MediaProviderError("Seedance cancelled the task")
            default:
                let message = json["error"]?["message"]?.stringValue
                if ArkRefusal.isContentFilter(json["error"]) { throw MediaProviderError.contentFilter("Seedance", message) }
                throw MediaProviderError.failed("Seedance", message)
            }
            return nil
        }
        guard let url = json["content"]?["video_url"]?.stringValue else { throw MediaProviderError("Seedance succeeded without a video") }
        let file = try await access.downloader.fetch(url)
        guard file.mimeType.hasPrefix("video/") else { throw MediaProviderError("Seedance's result is not a video (\(file.mimeType))") }
        let duration = request.flags.integers["duration"].map(Double.init) ?? json["duration"]?.doubleValue ?? 5
        let size = Self.frameSize(
            resolution: json["resolution"]?.stringValue ?? request.flags.strings["resolution"], ratio: json["ratio"]?.stringValue ?? request.flags.strings["ratio"])
        continuation.yield(.asset(MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width, height: size?.height, duration: duration)))
        continuation.yield(.succeeded)
    }
}
