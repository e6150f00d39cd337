import AsyncHTTPClient
import Foundation
import PrismShared

/// MiniMax Hailuo video (`video/minimax/<model>`, e.g. `MiniMax-Hailuo-02`): `POST {MINIMAX_BASE_URL}/v1/video_generation`
/// `{model, prompt, duration, resolution, first_frame_image, last_frame_image}` gives a `task_id`; `GET
/// /v1/query/video_generation?task_id=` is polled until `status` is `Success` (a `file_id`) or `Fail`; `GET
/// /v1/files/retrieve?file_id=` then gives the file's `download_url`.
public struct MiniMaxVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("MiniMax")
    }

    public var displayName: String { "video/minimax" }
    public var example: String { "A red fox trotting through fresh snow, tracking shot --duration 6 --resolution 768p" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("duration", .choice(["6", "10"]), "length in seconds", default: "6"),
            FlagSpec("resolution", .choice(["512p", "768p", "1080p"]), "resolution (1080p makes 6 s)", default: "768p"),
            FlagSpec("repeat", .boolean, "use the input image as first and last frame"),
        ])
    }

    func body(_ request: MediaRequest) -> JSONValue {
        var body: JSONValue = ["model": .string(request.model), "prompt": .string(request.prompt)]
        if let duration = request.flags.strings["duration"].flatMap({ Int($0) }) { body["duration"] = JSONValue(duration) }
        if let resolution = request.flags.strings["resolution"] { body["resolution"] = .string(resolution.uppercased()) }
        if let image = request.inputImages.first {
            body["first_frame_image"] = .string(image)
            if request.flags.booleans["repeat"] == true { body["last_frame_image"] = .string(image) }
        }
        return body
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let created = try MiniMaxAnswer.checked(try await http.send(access.baseURL + "/v1/video_generation", headers: auth, json: body(request)))
            guard let id = created["task_id"]?.stringValue, !id.isEmpty else { throw MediaProviderError("MiniMax did not return a task_id") }
            continuation.yield(.submitted(ProviderTask(id: id)))
            continuation.yield(.queued(position: nil))
            try await follow(id, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await follow(task.id, request: request, continuation) }
    }

    private var auth: [(String, String)] { [("authorization", "Bearer \(access.key)")] }

    private func get(_ path: String, _ query: String, _ value: String) async throws -> JSONValue {
        let value = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? value
        return try MiniMaxAnswer.checked(try await http.send(
            access.baseURL + path + "?\(query)=\(value)", method: .GET, headers: auth, timeoutSeconds: 60, maxBytes: 4 << 20))
    }

    /// Polls the task until it ends, reporting its states; fetches and downloads the video.
    private func follow(_ id: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let done = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let json = try await get("/v1/query/video_generation", "task_id", id)
            switch json["status"]?.stringValue ?? "" {
            case "Preparing", "Queueing": continuation.yield(.queued(position: nil))
            case "Processing": continuation.yield(.progress(fraction: nil, providerStatus: nil))
            case "Success": return json
            case "Fail":
                // A failed task's base_resp may still say "success"; that is no reason.
                let said = json["base_resp"]?["status_msg"]?.stringValue
                throw MiniMaxAnswer.error(code: nil, message: json["error_message"]?.stringValue ?? (said == "success" ? nil : said))
            case let status:
                throw MediaProviderError("MiniMax reported a task status Prism does not know (\(plainReason(status, fallback: "none")))")
            }
            return nil
        }
        guard let fileID = done["file_id"]?.stringValue ?? done["file_id"]?.intValue.map(String.init) else {
            throw MediaProviderError("MiniMax succeeded without a file_id")
        }
        let retrieved = try await get("/v1/files/retrieve", "file_id", fileID)
        guard let url = retrieved["file"]?["download_url"]?.stringValue else { throw MediaProviderError("MiniMax gave no download_url for the video") }
        let file = try await access.downloader.fetch(url)
        guard file.mimeType.hasPrefix("video/") else { throw MediaProviderError("MiniMax's result is not a video (\(file.mimeType))") }
        let duration = request.flags.strings["duration"].flatMap(Double.init) ?? 6
        continuation.yield(.asset(MediaAsset(
            bytes: file.bytes, mimeType: file.mimeType, width: done["video_width"]?.intValue, height: done["video_height"]?.intValue, duration: duration)))
        continuation.yield(.succeeded)
    }
}
