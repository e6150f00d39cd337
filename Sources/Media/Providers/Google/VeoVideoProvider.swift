import AsyncHTTPClient
import Foundation
import PrismShared

/// Veo on the Gemini API (`video/google/<model>`, e.g. `veo-3.1-generate-preview`):
/// `POST {GOOGLE_BASE_URL}/v1beta/models/<model>:predictLongRunning` with `x-goog-api-key`,
/// `{instances:[{prompt, image?, lastFrame?}], parameters:{aspectRatio, durationSeconds, resolution, negativePrompt}}`
/// gives an operation `{name}`; `GET {base}/v1beta/<name>` is polled until `done`, then
/// `response.generateVideoResponse.generatedSamples[0].video.uri` is downloaded with the key. An operation
/// that ends with `error` fails with its message; one whose samples were held back
/// (`raiMediaFilteredReasons`) is the content filter's refusal.
public struct VeoVideoProvider: MediaProvider {
    public let access: ProviderAccess
    let http: MediaHTTP

    public init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("Google")
    }

    public var acceptsImageURLs: Bool { false }
    public var displayName: String { "video/google" }
    public var example: String { "A paper lantern rising over a lake at night --ratio 16:9 --duration 8" }

    public var flags: FlagValidator {
        FlagValidator(model: displayName, specs: [
            FlagSpec("ratio", .choice(["16:9", "9:16"]), "aspect ratio", default: "16:9"),
            FlagSpec("duration", .integer(4...8), "length in seconds (Veo 3.1: 4, 6 or 8)", default: "8"),
            FlagSpec("resolution", .choice(["720p", "1080p"]), "resolution (1080p needs 8 seconds)", default: "720p"),
            FlagSpec("negative", .text, "what the video should not show"),
            FlagSpec("repeat", .boolean, "use the input image as first and last frame"),
        ])
    }

    public func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error> {
        jobEvents { continuation in
            let created = try await http.send(
                GoogleWire.modelURL(access, request.model, "predictLongRunning"), headers: GoogleWire.headers(access), json: try body(request))
            guard created.status == 200, let name = created.json?["name"]?.stringValue else { throw GoogleWire.failure(created) }
            continuation.yield(.submitted(ProviderTask(id: name)))
            try await follow(name, request: request, continuation)
        }
    }

    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? {
        jobEvents { continuation in try await follow(task.id, request: request, continuation) }
    }

    /// The request: the input image as the first frame (and the last with `/repeat`), the flags as parameters.
    func body(_ request: MediaRequest) throws -> JSONValue {
        var instance: JSONValue = ["prompt": .string(request.prompt)]
        if let image = request.inputImages.first {
            let file = try GoogleWire.base64Image(image)
            let frame: JSONValue = ["bytesBase64Encoded": .string(file.data), "mimeType": .string(file.mimeType)]
            instance["image"] = frame
            if request.flags.booleans["repeat"] == true { instance["lastFrame"] = frame }
        }
        var parameters: JSONValue = [:]
        if let ratio = request.flags.strings["ratio"] { parameters["aspectRatio"] = .string(ratio) }
        if let duration = request.flags.integers["duration"] { parameters["durationSeconds"] = JSONValue(duration) }
        if let resolution = request.flags.strings["resolution"] { parameters["resolution"] = .string(resolution) }
        if let negative = request.flags.strings["negative"] { parameters["negativePrompt"] = .string(negative) }
        return ["instances": [instance], "parameters": parameters]
    }

    /// Polls the operation until it is done (running meanwhile); downloads the video.
    private func follow(_ name: String, request: MediaRequest, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws {
        let operation = try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let polled = try await http.send(access.baseURL + "/v1beta/" + name, method: .GET, headers: GoogleWire.headers(access))
            guard polled.status == 200, let json = polled.json else { throw GoogleWire.failure(polled) }
            guard json["done"]?.boolValue == true else {
                continuation.yield(.progress(fraction: json["metadata"]?["progressPercent"]?.doubleValue.map { $0 / 100 }, providerStatus: nil))
                return nil
            }
            return json
        }
        if let error = operation["error"], !error.isNull {
            throw MediaProviderError("Veo could not make the video: \(plainReason(error["message"]?.stringValue ?? "no reason given"))")
        }
        let response = operation["response"]?["generateVideoResponse"]
        let video = response?["generatedSamples"]?.arrayValue?.first?["video"]
        let bytes: [UInt8]
        if let uri = video?["uri"]?.stringValue {
            // Google's file links need the key; it goes only to the configured API's own origin.
            let headers = GoogleWire.sameOrigin(uri, as: access.baseURL) ? GoogleWire.headers(access) : []
            bytes = try await access.downloader.fetch(uri, headers: headers).bytes
        } else if let encoded = video?["encodedVideo"]?.stringValue, let data = Data(base64Encoded: encoded) {
            bytes = Array(data)
        } else if let reasons = response?["raiMediaFilteredReasons"]?.arrayValue, !reasons.isEmpty {
            throw GoogleWire.refused(reasons.compactMap(\.stringValue).first)
        } else if (response?["raiMediaFilteredCount"]?.intValue ?? 0) > 0 {
            throw GoogleWire.refused(nil)
        } else {
            throw MediaProviderError("Veo finished without a video")
        }
        guard ImageSniffer.mimeType(of: bytes) == "video/mp4" else { throw MediaProviderError("Veo's result is not an MP4 video") }
        let size = Self.frameSize(resolution: request.flags.strings["resolution"] ?? "720p", ratio: request.flags.strings["ratio"] ?? "16:9")
        let seconds = Double(request.flags.integers["duration"] ?? 8)
        continuation.yield(.asset(MediaAsset(bytes: bytes, mimeType: "video/mp4", width: size.width, height: size.height, duration: seconds)))
        continuation.yield(.succeeded)
    }

    /// `720p` at `16:9` is 1280×720; at `9:16`, 720×1280.
    static func frameSize(resolution: String, ratio: String) -> (width: Int, height: Int) {
        let short = Int(resolution.dropLast()) ?? 720
        let long = short * 16 / 9
        return ratio == "9:16" ? (short, long) : (long, short)
    }
}
