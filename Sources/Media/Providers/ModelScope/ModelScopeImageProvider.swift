import AsyncHTTPClient
import Foundation
import NIOHTTP1
import PrismShared
import Storage

/// ModelScope's asynchronous image API (`image/modelscope/<org>/<model>`, `image/<org>/<model>`):
/// `POST {base}/images/generations` with `X-ModelScope-Async-Mode: true` gives a `task_id`; `GET
/// {base}/tasks/{id}` with `X-ModelScope-Task-Type: image_generation` is polled until `SUCCEED` or `FAILED`.
public struct ModelScopeImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("ModelScope")
    }

    public var acceptsInputImages: Bool { false }
    public var displayName: String { "image/modelscope" }
    public var example: String { "A red panda reading a book, studio light --ratio 4:3 --steps 30" }

    public var flags: FlagValidator {
        FlagValidator(
            model: displayName,
            specs: [
                FlagSpec("size", .size(64...2048), "output size in pixels", default: "1024x1024"),
                FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
                FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
                FlagSpec("steps", .integer(1...100), "inference steps", default: "30"),
                FlagSpec("guidance", .number(1.5...20), "guidance scale", default: "3.5"),
                FlagSpec("negative", .text, "what the image should not show"),
            ],
            supportedSizes: [(1024, 1024), (1280, 720), (720, 1280), (1152, 864), (864, 1152), (1248, 832), (832, 1248)])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let taskID = try await submit(request)
            continuation.yield(.submitted(ProviderTask(id: taskID)))
            continuation.yield(.queued(position: nil))
            try await follow(taskID, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await follow(task.id, continuation) }
    }

    /// Polls until the task ends, reporting each new state; downloads the first output image.
    private func follow(_ taskID: String, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        var lastStatus = ""
        let url = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> String? in
            let json = try await call(access.baseURL + "/tasks/\(taskID)", method: .GET, headers: [("x-modelscope-task-type", "image_generation")])
            let status = json["task_status"]?.stringValue ?? ""
            defer { lastStatus = status }
            switch status {
            case "SUCCEED":
                guard let url = json["output_images"]?.arrayValue?.first?.stringValue else { throw MediaProviderError("ModelScope succeeded without an image") }
                return url
            case "FAILED":
                throw MediaProviderError("ModelScope failed: \(json["errors"]?["message"]?.stringValue ?? "no reason given")")
            case "PENDING", "QUEUED", "SUBMITTED":
                if status != lastStatus { continuation.yield(.queued(position: nil)) }
            default:
                if status != lastStatus { continuation.yield(.progress(fraction: nil, providerStatus: status.lowercased())) }
            }
            return nil
        }
        let file = try await access.downloader.fetch(url)
        guard file.mimeType.hasPrefix("image/") else { throw MediaProviderError("ModelScope's result is not an image (\(file.mimeType))") }
        let size = ImageSniffer.pngSize(of: file.bytes)
        continuation.yield(.asset(MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width, height: size?.height)))
        continuation.yield(.succeeded)
    }

    /// One call with the key; a JSON object back, or the provider's error.
    private func call(_ url: String, method: HTTPMethod, headers: [(String, String)], json body: JSONValue? = nil) async throws -> JSONValue {
        let answer = try await http.send(url, method: method, headers: headers + [("authorization", "Bearer \(access.key)")], json: body, timeoutSeconds: 60, maxBytes: 4 << 20)
        guard answer.status == 200, let json = answer.json, json.objectValue != nil else {
            throw MediaProviderError("ModelScope answered \(answer.status): \(answer.errorMessage)")
        }
        return json
    }

    private func submit(_ request: MediaRequest) async throws -> String {
        var body: JSONValue = ["model": .string(request.model), "prompt": .string(request.prompt)]
        if let width = request.flags.width, let height = request.flags.height { body["size"] = .string("\(width)x\(height)") }
        if let seed = request.flags.integers["seed"] { body["seed"] = JSONValue(seed) }
        if let steps = request.flags.integers["steps"] { body["steps"] = JSONValue(steps) }
        if let guidance = request.flags.numbers["guidance"] { body["guidance"] = .number(guidance) }
        if let negative = request.flags.strings["negative"] { body["negative_prompt"] = .string(negative) }
        let created = try await call(access.baseURL + "/images/generations", method: .POST, headers: [("x-modelscope-async-mode", "true")], json: body)
        guard let taskID = created["task_id"]?.stringValue else { throw MediaProviderError("ModelScope did not return a task_id") }
        return taskID
    }
}
