import AsyncHTTPClient
import Foundation
import PrismShared

/// Alibaba Model Studio Wan video (`video/dashscope/<model>`): an asynchronous task at `POST
/// {DASHSCOPE_BASE_URL}/api/v1/services/aigc/video-generation/video-synthesis`. Text-to-video (`wan2.2-t2v-plus`)
/// sends `{model, input: {prompt, negative_prompt}, parameters: {size: "1920*1080", duration, seed}}`;
/// image-to-video (`wan2.2-i2v-plus`, chosen for a `-t2v-` model when an image is given) sends the image as
/// `input.img_url` (a URL or a `data:` URI) and a `resolution` tier, as the image decides the shape. The
/// finished task's `output.video_url` is the video.
public struct DashScopeVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let tasks: DashScopeTasks

    public init(_ access: ProviderAccess) {
        self.access = access
        tasks = DashScopeTasks(access)
    }

    public var displayName: String { "video/dashscope" }
    public var example: String { "A kite over a wheat field at dawn --ratio 16:9 --resolution 720p --seed 3" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .choice(DashScopeVideoSizes.ratios), "aspect ratio (text to video; an input image keeps its own)", default: "16:9"),
            FlagSpec("resolution", .choice(["480p", "720p", "1080p"]), "resolution tier", default: "1080p"),
            FlagSpec("duration", .integer(2...15), "length in seconds (wan2.2 models make 5)", default: "5"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
            FlagSpec("negative", .text, "what the video should not show"),
        ])
    }

    /// The Wan model for a user's model name: the image-to-video sibling of a `-t2v-` model when an image is given.
    static func wanModel(_ model: String, withImage: Bool) -> String {
        withImage ? model.replacingOccurrences(of: "-t2v-", with: "-i2v-") : model
    }

    /// The task body, and the size of the video when it is known beforehand (text to video).
    func task(_ request: MediaRequest) throws -> (body: JSONValue, size: (width: Int, height: Int)?) {
        let flags = request.flags
        let image = request.inputImages.first
        let model = Self.wanModel(request.model, withImage: image != nil)
        var input: JSONValue = ["prompt": .string(request.prompt)]
        var parameters: JSONValue = [:]
        var size: (width: Int, height: Int)?
        if let negative = flags.strings["negative"] { input["negative_prompt"] = .string(negative) }
        if let image {
            guard flags.strings["ratio"] == nil else {
                throw MediaProviderError("Wan image-to-video keeps the shape of the input image, so it takes no --ratio; send the prompt without it")
            }
            input["img_url"] = .string(image)
            if let resolution = flags.strings["resolution"] { parameters["resolution"] = .string(resolution.uppercased()) }
        } else {
            guard !model.lowercased().contains("-i2v-") else {
                throw MediaProviderError("\(model) makes a video from an image; attach one, or use a text-to-video model such as wan2.2-t2v-plus")
            }
            if flags.strings["ratio"] != nil || flags.strings["resolution"] != nil {
                let chosen = try DashScopeVideoSizes.size(resolution: flags.strings["resolution"], ratio: flags.strings["ratio"])
                parameters["size"] = .string("\(chosen.width)*\(chosen.height)")
                size = chosen
            }
        }
        if let duration = flags.integers["duration"] { parameters["duration"] = JSONValue(duration) }
        if let seed = flags.integers["seed"] { parameters["seed"] = JSONValue(seed) }
        return (["model": .string(model), "input": input, "parameters": parameters], size)
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let (body, size) = try task(request)
            let id = try await tasks.submit("/api/v1/services/aigc/video-generation/video-synthesis", body: body)
            continuation.yield(.submitted(ProviderTask(id: id)))
            continuation.yield(.queued(position: nil))
            try await deliver(try await tasks.follow(id, continuation), size: size, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        // A resumed request has lost its input images, so the video's size is not worked out again.
        jobEvents { continuation in try await deliver(try await tasks.follow(task.id, continuation), size: nil, request: request, continuation) }
    }

    public func cancel(_ task: ProviderTask) async {
        await tasks.cancel(task.id)
    }

    /// Downloads the finished task's video; `size` is its shape when the request decided it.
    private func deliver(
        _ output: JSONValue, size: (width: Int, height: Int)?, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation
    ) async throws {
        guard let url = output["video_url"]?.stringValue ?? output["results"]?["video_url"]?.stringValue else {
            throw MediaProviderError("DashScope succeeded without a video")
        }
        let file = try await access.downloader.fetch(url)
        guard file.mimeType.hasPrefix("video/") else { throw MediaProviderError("DashScope's result is not a video (\(file.mimeType))") }
        let duration = Double(request.flags.integers["duration"] ?? 5)
        continuation.yield(.asset(MediaAsset(bytes: file.bytes, mimeType: file.mimeType, width: size?.width, height: size?.height, duration: duration)))
        continuation.yield(.succeeded)
    }
}
