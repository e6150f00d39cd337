import AsyncHTTPClient
import Foundation
import PrismShared

/// fal.ai's queue (`image/fal/<owner>/<app>[/<path>]`, `video/fal/…`): `POST {FAL_QUEUE_URL}/<owner>/<app>[/<path>]`
/// with `Authorization: Key …` and the app's JSON input gives `{request_id, status_url, response_url, cancel_url}`;
/// `status_url?logs=1` is polled (`IN_QUEUE` with `queue_position`, `IN_PROGRESS` with `logs`, `COMPLETED`), then
/// `response_url` holds the app's output (`images[].url`, `image.url` or `video.url`), downloaded into Prism.
public struct FalQueueProvider: MediaProvider {
    public enum Family: String, Sendable {
        case image, video
    }

    public let access: ProviderAccess
    public let family: Family
    let http: MediaHTTP

    public init(_ access: ProviderAccess, family: Family) {
        self.access = access
        self.family = family
        http = access.http("fal")
    }

    public var displayName: String { "\(family.rawValue)/fal" }
    public var flags: FlagValidator { FalInput.flags(family, model: displayName) }

    public var example: String {
        switch family {
        case .image: "A neon koi pond seen from above --ratio 16:9 --steps 28 --seed 7"
        case .video: "A red kite over the dunes, slow pan --ratio 16:9 --duration 5"
        }
    }

    private var auth: [(String, String)] { [("authorization", "Key \(access.key)")] }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let created = try await http.send(access.baseURL + "/" + request.model, headers: auth, json: FalInput.body(request, family: family))
            guard (200..<300).contains(created.status), let json = created.json, let id = json["request_id"]?.stringValue,
                  let statusURL = json["status_url"]?.stringValue else {
                throw FalAnswer.failure(created)
            }
            continuation.yield(.submitted(ProviderTask(id: id, pollURL: statusURL)))
            continuation.yield(.queued(position: FalAnswer.position(json)))
            try await follow(statusURL, responseURL: json["response_url"]?.stringValue, request: request, continuation)
        }
    }

    /// A request is followed again from its status URL (its response URL is that URL without `/status`).
    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        guard let statusURL = task.pollURL else { return nil }
        return jobEvents { continuation in try await follow(statusURL, responseURL: nil, request: request, continuation) }
    }

    /// `PUT cancel_url`: fal drops a request that has not started; one already running may still finish.
    public func cancel(_ task: ProviderTask) async {
        guard let statusURL = task.pollURL else { return }
        _ = try? await http.send(FalAnswer.requestURL(statusURL) + "/cancel", method: .PUT, headers: auth, timeoutSeconds: 10)
    }

    /// Polls the status until `COMPLETED`, reporting the queue position and the newest log line; then reads
    /// the output and downloads its files.
    private func follow(
        _ statusURL: String, responseURL: String?, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation
    ) async throws {
        let completed = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let polled = try await http.send(FalAnswer.withLogs(statusURL), method: .GET, headers: auth, maxBytes: 4 << 20)
            guard (200..<300).contains(polled.status), let json = polled.json else { throw FalAnswer.failure(polled) }
            switch json["status"]?.stringValue ?? "" {
            case "IN_QUEUE":
                continuation.yield(.queued(position: FalAnswer.position(json)))
            case "IN_PROGRESS":
                let progress = FalAnswer.progress(json["logs"])
                continuation.yield(.progress(fraction: progress.fraction, providerStatus: progress.message))
            case "COMPLETED":
                return json
            case let status:
                throw MediaProviderError("fal ended the request as \(plainReason(status.isEmpty ? "unknown" : status))")
            }
            return nil
        }
        if let failure = FalAnswer.failure(completed: completed) { throw failure }
        let url = completed["response_url"]?.stringValue ?? responseURL ?? FalAnswer.requestURL(statusURL)
        let answer = try await http.send(url, method: .GET, headers: auth)
        guard (200..<300).contains(answer.status), let output = answer.json else { throw FalAnswer.failure(answer) }
        for file in try FalAnswer.files(in: output) {
            continuation.yield(.asset(try await asset(file, request: request)))
        }
        continuation.yield(.succeeded)
    }

    /// One output file, downloaded (or decoded, when fal answered with a `data:` URI).
    private func asset(_ url: String, request: MediaRequest) async throws -> MediaAsset {
        let file: (bytes: [UInt8], mimeType: String)
        if let inline = decodeDataURI(url) {
            file = (inline.bytes, ImageSniffer.mimeType(of: inline.bytes) ?? inline.mimeType)
        } else {
            file = try await access.downloader.fetch(url)
        }
        switch family {
        case .image:
            return try imageAsset(file.bytes, provider: "fal", fallbackMime: file.mimeType)
        case .video:
            guard file.mimeType.hasPrefix("video/") else { throw MediaProviderError("fal's result is not a video (\(file.mimeType))") }
            return MediaAsset(bytes: file.bytes, mimeType: file.mimeType, duration: request.flags.integers["duration"].map(Double.init))
        }
    }
}
