import AsyncHTTPClient
import Foundation
import PrismShared

/// Black Forest Labs (`image/bfl/<model>`): `POST {BFL_BASE_URL}/v1/<model>` with `x-key` gives `{id,
/// polling_url}`; the polling URL (also with `x-key`) is polled until `status` is `Ready` (`result.sample`).
public struct BFLImageProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Black Forest Labs")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "image/bfl" }
    public var example: String { "A glass teapot on a desk, morning light --ratio 3:2 --seed 7" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .ratio, "aspect ratio", default: "1:1"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
            FlagSpec("steps", .integer(1...50), "inference steps"),
            FlagSpec("guidance", .number(1.5...10), "guidance scale"),
        ])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            var body: JSONValue = ["prompt": .string(request.prompt)]
            if let ratio = request.flags.ratio { body["aspect_ratio"] = .string(ratio) }
            if let seed = request.flags.integers["seed"] { body["seed"] = JSONValue(seed) }
            if let steps = request.flags.integers["steps"] { body["steps"] = JSONValue(steps) }
            if let guidance = request.flags.numbers["guidance"] { body["guidance"] = .number(guidance) }
            if let image = request.inputImages.first { body["input_image"] = .string(Self.base64(image)) }
            let created = try await http.send(access.baseURL + "/v1/\(request.model)", headers: [("x-key", access.key)], json: body)
            guard created.status == 200, let id = created.json?["id"]?.stringValue, let pollURL = created.json?["polling_url"]?.stringValue else {
                throw MediaProviderError("Black Forest Labs answered \(created.status): \(created.errorMessage)")
            }
            continuation.yield(.submitted(ProviderTask(id: id, pollURL: pollURL)))
            continuation.yield(.queued(position: nil))
            try await follow(pollURL, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        guard let pollURL = task.pollURL else { return nil }
        return jobEvents { continuation in try await follow(pollURL, continuation) }
    }

    private func follow(_ pollURL: String, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let sample = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> String? in
            let polled = try await http.send(pollURL, method: .GET, headers: [("x-key", access.key)])
            guard polled.status == 200, let json = polled.json else {
                throw MediaProviderError("Black Forest Labs answered \(polled.status): \(polled.errorMessage)")
            }
            switch json["status"]?.stringValue ?? "" {
            case "Ready":
                guard let url = json["result"]?["sample"]?.stringValue else { throw MediaProviderError("Black Forest Labs was ready without a sample") }
                return url
            case "Pending":
                continuation.yield(.progress(fraction: json["progress"]?.doubleValue.map { $0 > 1 ? $0 / 100 : $0 }, providerStatus: "pending"))
                return nil
            case let status:
                throw MediaProviderError("Black Forest Labs ended the task: \(status)")
            }
        }
        let file = try await access.downloader.fetch(sample)
        continuation.yield(.asset(try imageAsset(file.bytes, provider: "Black Forest Labs")))
        continuation.yield(.succeeded)
    }

    /// BFL takes raw base64, not a data: URI.
    static func base64(_ image: String) -> String {
        guard image.hasPrefix("data:"), let comma = image.firstIndex(of: ",") else { return image }
        return String(image[image.index(after: comma)...])
    }
}
