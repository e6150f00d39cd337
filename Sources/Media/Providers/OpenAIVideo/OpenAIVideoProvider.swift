import AsyncHTTPClient
import Foundation
import PrismShared
import Storage

/// OpenAI video (`video/openai/<model>`, e.g. `sora-2`): `POST {CHATGPT_BASE_URL}/videos` (multipart, an input
/// image as `input_reference`), poll `GET /videos/{id}` — it reports `progress` in percent, shown as such —,
/// then download `GET /videos/{id}/content`.
public struct OpenAIVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("OpenAI")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "video/openai" }
    public var example: String { "A hummingbird drinking from a flower, slow motion --duration 8 --size 1280x720" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("duration", .choice(["4", "8", "12"]), "length in seconds", default: "4"),
            FlagSpec("size", .size(720...1792), "output size: 1280x720, 720x1280, 1792x1024 or 1024x1792", default: "720x1280"),
            FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
        ], supportedSizes: [(1280, 720), (720, 1280), (1792, 1024), (1024, 1792)])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            var fields = [("model", request.model), ("prompt", request.prompt)]
            let seconds = request.flags.strings["duration"] ?? "4"
            fields.append(("seconds", seconds))
            if let width = request.flags.width, let height = request.flags.height { fields.append(("size", "\(width)x\(height)")) }
            let file = request.inputImages.first.flatMap(decodeDataURI).map { ("input_reference", "reference.\(MediaRecord.fileExtension(for: $0.mimeType))", $0.mimeType, $0.bytes) }
            let form = multipartBody(fields: fields, file: file)
            let created = try await http.send(access.baseURL + "/videos", headers: [auth, ("content-type", form.contentType)], raw: form.body)
            guard created.status == 200, let id = created.json?["id"]?.stringValue else {
                throw MediaProviderError("OpenAI answered \(created.status): \(created.errorMessage)")
            }
            continuation.yield(.submitted(ProviderTask(id: id)))
            try await follow(id, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await follow(task.id, request: request, continuation) }
    }

    /// OpenAI has no cancel for a video; deleting it stops what it can and frees the stored job.
    public func cancel(_ task: ProviderTask) async {
        _ = try? await http.send(access.baseURL + "/videos/\(task.id)", method: .DELETE, headers: [auth], timeoutSeconds: 10)
    }

    private var auth: (String, String) { ("authorization", "Bearer \(access.key)") }

    /// Polls the video until it ends, reporting its percentages; downloads the MP4 (its size and length
    /// are what the video object reports, or what was asked for).
    private func follow(_ id: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let json = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let polled = try await http.send(access.baseURL + "/videos/\(id)", method: .GET, headers: [auth])
            guard polled.status == 200, let json = polled.json else { throw MediaProviderError("OpenAI answered \(polled.status): \(polled.errorMessage)") }
            switch json["status"]?.stringValue ?? "" {
            case "queued": continuation.yield(.queued(position: nil))
            case "in_progress": continuation.yield(.progress(fraction: json["progress"]?.doubleValue.map { $0 / 100 }, providerStatus: "in_progress"))
            case "completed": return json
            case let status: throw MediaProviderError("OpenAI's video ended \(status): \(json["error"]?["message"]?.stringValue ?? "no reason given")")
            }
            return nil
        }
        let content = try await http.send(access.baseURL + "/videos/\(id)/content", method: .GET, headers: [auth], timeoutSeconds: 600, maxBytes: 512 << 20)
        guard content.status == 200, ImageSniffer.mimeType(of: content.bytes) == "video/mp4" else {
            throw MediaProviderError("OpenAI's video download answered \(content.status) without an MP4")
        }
        let size = json["size"]?.stringValue.map { $0.split(separator: "x").compactMap { Int($0) } }.flatMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        let seconds = Double(json["seconds"]?.stringValue ?? request.flags.strings["duration"] ?? "4")
        continuation.yield(.asset(MediaAsset(
            bytes: content.bytes, mimeType: "video/mp4", width: size?.0 ?? request.flags.width, height: size?.1 ?? request.flags.height, duration: seconds)))
        continuation.yield(.succeeded)
    }
}
