import AsyncHTTPClient
import Foundation
import PrismShared

/// Replicate (`image/replicate/<owner>/<model>`, `video/replicate/<owner>/<model>`): `POST
/// {REPLICATE_BASE_URL}/v1/models/<owner>/<model>/predictions` (a pinned `<owner>/<model>:<version>` goes to
/// `POST /v1/predictions` with that version) gives a prediction; its `urls.get` is polled until `succeeded`
/// (the output is a file URL or a list of them), `failed`, `canceled` or `aborted`. Image models are asked to
/// answer within the call (`Prefer: wait`), so a fast one needs no poll at all.
public struct ReplicateProvider: MediaProvider {
    public let access: ProviderAccess
    /// Whether this serves `video/replicate/…` rather than `image/replicate/…`.
    public let makesVideo: Bool
    let http: MediaHTTP

    /// How long an image prediction may hold the create call open (Replicate allows 1 to 60 s).
    static let syncWaitSeconds = 10

    public init(_ access: ProviderAccess, video: Bool = false) {
        self.access = access
        makesVideo = video
        http = access.http("Replicate")
    }

    public var displayName: String { makesVideo ? "video/replicate" : "image/replicate" }
    public var example: String {
        makesVideo ? "A paper boat drifting down a rainy street --ratio 16:9 --duration 5" : "A fox in fresh snow, watercolour --ratio 3:2 --seed 7"
    }

    public var flags: FlagValidator {
        let common = [
            FlagSpec("ratio", .ratio, "aspect ratio, sent as the model's aspect_ratio"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
            FlagSpec("negative", .text, "what it should not show"),
        ]
        if makesVideo {
            return FlagValidator(model: displayName, specs: common + [
                FlagSpec("duration", .integer(1...20), "length in seconds"),
                FlagSpec("resolution", .choice(["480p", "720p", "1080p"]), "resolution"),
            ])
        }
        return FlagValidator(model: displayName, specs: common + [
            FlagSpec("n", .integer(1...4), "number of images", default: "1"),
            FlagSpec("format", .choice(["url", "b64_json"]), "how the image is delivered", default: "url"),
        ])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let (url, version) = createURL(for: request.model)
            var headers = auth
            if !makesVideo { headers.append(("prefer", "wait=\(Self.syncWaitSeconds)")) }
            let created = try await http.send(
                url, headers: headers, json: ReplicateInput.body(request, version: version), timeoutSeconds: Self.syncWaitSeconds + 60, maxBytes: 4 << 20)
            guard (200...202).contains(created.status), let json = created.json, let id = json["id"]?.stringValue else {
                throw Self.refusal(created)
            }
            let prediction = ReplicatePrediction(json: json)
            let pollURL = prediction.pollURL ?? access.baseURL + "/v1/predictions/\(id)"
            continuation.yield(.submitted(ProviderTask(id: id, pollURL: pollURL)))
            if let files = try report(prediction, continuation) {
                try await deliver(files, request: request, continuation)
            } else {
                try await follow(pollURL, request: request, continuation)
            }
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        let pollURL = task.pollURL ?? access.baseURL + "/v1/predictions/\(task.id)"
        return jobEvents { continuation in try await follow(pollURL, request: request, continuation) }
    }

    /// Replicate cancels a prediction on `POST /v1/predictions/<id>/cancel` (its `urls.cancel`).
    public func cancel(_ task: ProviderTask) async {
        _ = try? await http.send(access.baseURL + "/v1/predictions/\(task.id)/cancel", headers: auth, timeoutSeconds: 10)
    }

    private var auth: [(String, String)] { [("authorization", "Bearer \(access.key)")] }

    /// The create URL for a model, and the version to send when the model name pins one.
    func createURL(for model: String) -> (url: String, version: String?) {
        guard let colon = model.firstIndex(of: ":") else { return (access.baseURL + "/v1/models/\(model)/predictions", nil) }
        return (access.baseURL + "/v1/predictions", String(model[model.index(after: colon)...]))
    }

    /// Polls the prediction until it ends, reporting its states; delivers its files.
    private func follow(_ pollURL: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let files = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> [String]? in
            let polled = try await http.send(pollURL, method: .GET, headers: auth, timeoutSeconds: 60, maxBytes: 4 << 20)
            guard polled.status == 200, let json = polled.json else { throw Self.refusal(polled) }
            return try report(ReplicatePrediction(json: json), continuation)
        }
        try await deliver(files, request: request, continuation)
    }

    /// Reports a prediction's state; its output files once it succeeded, `nil` while it runs.
    private func report(_ prediction: ReplicatePrediction, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) throws -> [String]? {
        switch prediction.status {
        case "starting":
            continuation.yield(.queued(position: nil))
            return nil
        case "processing":
            continuation.yield(.progress(fraction: prediction.logFraction, providerStatus: nil))
            return nil
        case "succeeded":
            guard !prediction.outputFiles.isEmpty else { throw MediaProviderError("Replicate succeeded without an output file") }
            return prediction.outputFiles
        case "canceled":
            throw MediaProviderError("Replicate cancelled the prediction")
        case "aborted":
            throw MediaProviderError("Replicate aborted the prediction before it started (its deadline passed)")
        case "failed":
            if ReplicatePrediction.isContentFilter(prediction.errorText) { throw MediaProviderError.contentFilter("Replicate", prediction.errorText) }
            throw MediaProviderError.failed("Replicate", prediction.errorText)
        case let status:
            throw MediaProviderError("Replicate reported a prediction status Prism does not know (\(plainReason(status, fallback: "none")))")
        }
    }

    /// Downloads the output files (a model may answer more than asked; images up to four, one video).
    private func deliver(_ files: [String], request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        for file in files.prefix(makesVideo ? 1 : 4) {
            let (bytes, mimeType) = try await fetch(file)
            if makesVideo {
                guard mimeType.hasPrefix("video/") else { throw MediaProviderError("Replicate's result is not a video (\(mimeType))") }
                continuation.yield(.asset(MediaAsset(bytes: bytes, mimeType: mimeType, duration: request.flags.integers["duration"].map(Double.init))))
            } else {
                continuation.yield(.asset(try imageAsset(bytes, provider: "Replicate", fallbackMime: mimeType)))
            }
        }
        continuation.yield(.succeeded)
    }

    /// An output file's bytes: a `data:` URI is decoded, a URL downloaded.
    private func fetch(_ file: String) async throws -> (bytes: [UInt8], mimeType: String) {
        guard file.hasPrefix("data:") else { return try await access.downloader.fetch(file) }
        guard let comma = file.firstIndex(of: ","), let data = Data(base64Encoded: String(file[file.index(after: comma)...])) else {
            throw MediaProviderError("Replicate's result is a data URI that could not be decoded")
        }
        let bytes = Array(data)
        let declared = file.dropFirst(5).prefix { $0 != ";" && $0 != "," }
        return (bytes, ImageSniffer.mimeType(of: Array(bytes.prefix(16))) ?? String(declared))
    }

    /// An answer that is not a prediction: the content filter's refusal, or the status and Replicate's reason.
    static func refusal(_ answer: MediaHTTP.Answer) -> MediaProviderError {
        let reason = answer.errorMessage
        if ReplicatePrediction.isContentFilter(reason) { return .contentFilter("Replicate", reason) }
        return .answered("Replicate", answer.status, reason)
    }
}
