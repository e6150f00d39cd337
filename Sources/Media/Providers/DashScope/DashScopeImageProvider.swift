import AsyncHTTPClient
import Foundation
import PrismShared

/// Alibaba Model Studio text-to-image (`image/dashscope/<model>`: Wan, e.g. `wan2.2-t2i-flash`, and
/// Qwen-Image, `qwen-image`): an asynchronous task at `POST {DASHSCOPE_BASE_URL}/api/v1/services/aigc/
/// text2image/image-synthesis` with `{model, input: {prompt}, parameters: {size: "1024*1024", n, seed}}`;
/// the task's `output.results[].url` are the images.
public struct DashScopeImageProvider: MediaProvider {
    public let access: ProviderAccess
    /// The model, which decides the sizes: Qwen-Image has five of its own.
    public let model: String
    let tasks: DashScopeTasks

    public init(_ access: ProviderAccess, model: String) {
        self.access = access
        self.model = model
        tasks = DashScopeTasks(access)
    }

    static let wanSizes: [(width: Int, height: Int)] = [(1024, 1024), (1280, 720), (720, 1280), (1152, 864), (864, 1152), (1248, 832), (832, 1248)]
    static let qwenSizes: [(width: Int, height: Int)] = [(1328, 1328), (1664, 928), (928, 1664), (1472, 1140), (1140, 1472)]

    var isQwenImage: Bool { model.lowercased().hasPrefix("qwen-image") }

    public var acceptsInputImages: Bool { false }
    public var displayName: String { "image/dashscope" }
    public var example: String { "A tea house in the rain, ink painting --ratio 4:3 --seed 11" }

    public var flags: FlagValidator {
        FlagValidator(
            model: displayName,
            specs: [
                FlagSpec("size", .size(512...1664), "output size in pixels", default: isQwenImage ? "1328x1328" : "1024x1024"),
                FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
                FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
                FlagSpec("n", .integer(1...(isQwenImage ? 1 : 4)), "number of images", default: "1"),
                FlagSpec("negative", .text, "what the image should not show"),
                FlagSpec("format", .choice(["url", "b64_json"]), "how the image is delivered", default: "url"),
            ],
            supportedSizes: isQwenImage ? Self.qwenSizes : Self.wanSizes)
    }

    /// The task body. Wan takes the negative prompt in `input`, Qwen-Image in `parameters`; `n` is always
    /// sent, as Wan makes four images when it is left out.
    func body(_ request: MediaRequest) -> JSONValue {
        var input: JSONValue = ["prompt": .string(request.prompt)]
        var parameters: JSONValue = ["n": JSONValue(request.flags.integers["n"] ?? 1)]
        if let width = request.flags.width, let height = request.flags.height { parameters["size"] = .string("\(width)*\(height)") }
        if let seed = request.flags.integers["seed"] { parameters["seed"] = JSONValue(seed) }
        if let negative = request.flags.strings["negative"] {
            if isQwenImage { parameters["negative_prompt"] = .string(negative) } else { input["negative_prompt"] = .string(negative) }
        }
        return ["model": .string(request.model), "input": input, "parameters": parameters]
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let id = try await tasks.submit("/api/v1/services/aigc/text2image/image-synthesis", body: body(request))
            continuation.yield(.submitted(ProviderTask(id: id)))
            continuation.yield(.queued(position: nil))
            try await deliver(try await tasks.follow(id, continuation), continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await deliver(try await tasks.follow(task.id, continuation), continuation) }
    }

    public func cancel(_ task: ProviderTask) async {
        await tasks.cancel(task.id)
    }

    /// Downloads the images of a finished task; a task whose every image was refused fails with the first reason.
    private func deliver(_ output: JSONValue, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let results = output["results"]?.arrayValue ?? []
        let urls = results.compactMap { $0["url"]?.stringValue }
        guard !urls.isEmpty else {
            let refused = results.first { $0["code"] != nil }
            throw refused.map { DashScopeTasks.error(code: $0["code"]?.stringValue, message: $0["message"]?.stringValue) }
                ?? MediaProviderError("DashScope succeeded without an image")
        }
        for url in urls {
            let file = try await access.downloader.fetch(url)
            continuation.yield(.asset(try imageAsset(file.bytes, provider: "DashScope", fallbackMime: file.mimeType)))
        }
        continuation.yield(.succeeded)
    }
}
