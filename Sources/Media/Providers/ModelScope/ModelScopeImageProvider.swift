import AsyncHTTPClient
import Foundation
import NIOCore
import PrismShared

/// ModelScope's asynchronous image API (`image/modelscope/<org>/<model>`, `image/<org>/<model>`):
/// `POST {base}/images/generations` with `X-ModelScope-Async-Mode: true` gives a `task_id`; `GET
/// {base}/tasks/{id}` with `X-ModelScope-Task-Type: image_generation` is polled until `SUCCEED` or `FAILED`.
public struct ModelScopeImageProvider: MediaProvider {
    public let baseURL: String
    public let key: String
    public let httpClient: HTTPClient
    public let downloader: MediaDownloader
    public let pollFirst: Duration

    public init(baseURL: String, key: String, httpClient: HTTPClient, downloader: MediaDownloader, pollFirst: Duration = .seconds(1)) {
        self.baseURL = baseURL
        self.key = key
        self.httpClient = httpClient
        self.downloader = downloader
        self.pollFirst = pollFirst
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

    private func follow(_ taskID: String, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let url = try await poll(taskID) { continuation.yield($0) }
        let file = try await downloader.fetch(url)
        guard file.mimeType.hasPrefix("image/") else { throw MediaProviderError("ModelScope's result is not an image (\(file.mimeType))") }
        let size = ImageSniffer.pngSize(of: file.bytes)
        continuation.yield(.asset(MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width, height: size?.height)))
        continuation.yield(.succeeded)
    }

    private func call(_ request: HTTPClientRequest) async throws -> JSONValue {
        var request = request
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(60))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw MediaProviderError("ModelScope could not be reached")
        }
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let json = try? JSONValue.parse(bytes.readableBytesView)
        guard response.status == .ok, let json, json.objectValue != nil else {
            let message = json?["errors"]?["message"]?.stringValue ?? json?["message"]?.stringValue ?? "HTTP \(response.status.code)"
            throw MediaProviderError("ModelScope answered \(response.status.code): \(message)")
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
        var http = HTTPClientRequest(url: baseURL + "/images/generations")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "x-modelscope-async-mode", value: "true")
        http.body = .bytes(body.byteBuffer())
        guard let taskID = try await call(http)["task_id"]?.stringValue else { throw MediaProviderError("ModelScope did not return a task_id") }
        return taskID
    }

    /// Polls until the task ends; returns the first output image URL.
    private func poll(_ taskID: String, report: (JobEvent) -> Void) async throws -> String {
        var schedule = PollSchedule(first: pollFirst)
        var lastStatus = ""
        while true {
            try await Task.sleep(for: schedule.next())
            var http = HTTPClientRequest(url: baseURL + "/tasks/\(taskID)")
            http.headers.add(name: "x-modelscope-task-type", value: "image_generation")
            let json = try await call(http)
            let status = json["task_status"]?.stringValue ?? ""
            switch status {
            case "SUCCEED":
                guard let url = json["output_images"]?.arrayValue?.first?.stringValue else { throw MediaProviderError("ModelScope succeeded without an image") }
                return url
            case "FAILED":
                throw MediaProviderError("ModelScope failed: \(json["errors"]?["message"]?.stringValue ?? "no reason given")")
            case "PENDING", "QUEUED", "SUBMITTED":
                if status != lastStatus { report(.queued(position: nil)) }
            default:
                if status != lastStatus { report(.progress(fraction: nil, providerStatus: status.lowercased())) }
            }
            lastStatus = status
        }
    }
}
