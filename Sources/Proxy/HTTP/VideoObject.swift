import Foundation
import PrismShared
import Storage

/// OpenAI's video object (SPEC §15) over a `video/` job: the job id is the video id.
enum VideoObject {
    /// The video object of a `video/` job.
    static func json(_ job: JobRecord) -> JSONValue {
        let status: String
        switch job.status {
        case .queued: status = "queued"
        case .running: status = "in_progress"
        case .succeeded: status = "completed"
        case .failed, .cancelled: status = "failed"
        }
        let request = job.request
        let seconds = request?["integers"]?["duration"]?.intValue.map(String.init) ?? request?["strings"]?["duration"]?.stringValue
        let size: String? = {
            if let width = request?["width"]?.intValue, let height = request?["height"]?.intValue { return "\(width)x\(height)" }
            return request?["video_size"]?.stringValue
        }()
        return [
            "id": .string(job.id), "object": "video", "model": .string(job.model), "status": .string(status),
            "progress": JSONValue(Int(((job.status == .succeeded ? 1 : job.progress ?? 0) * 100).rounded())),
            "created_at": JSONValue(Int(job.createdAt)), "completed_at": job.finishedAt.map { JSONValue(Int($0)) } ?? .null,
            "expires_at": .null, "prompt": JSONValue(request?["prompt"]?.stringValue), "remixed_from_video_id": .null,
            "seconds": JSONValue(seconds), "size": JSONValue(size),
            "error": job.status == .failed || job.status == .cancelled
                ? ["code": .string(job.errorCode ?? "job_failed"), "message": .string(job.errorMessage ?? job.message)] : .null,
        ]
    }

    /// The prompt flags of OpenAI's `seconds` and `size` (`1280x720` becomes the nearest common ratio and the
    /// resolution of its short side, which is what video providers take).
    static func flags(seconds: String?, size: String?) throws(GatewayError) -> String {
        var text = ""
        if let seconds {
            guard let value = Int(seconds), value > 0 else {
                throw .invalidRequest("seconds is \(seconds.prefix(20)); send a whole number of seconds such as 4 or 8.", code: "invalid_value", param: "seconds")
            }
            text += " --duration \(value)"
        }
        if let size {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
                throw .invalidRequest("size is \(size.prefix(20)); send WIDTHxHEIGHT such as 1280x720.", code: "invalid_value", param: "size")
            }
            let ratio = Double(parts[0]) / Double(parts[1])
            let ratios: [(String, Double)] = [("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1), ("3:4", 3 / 4), ("9:16", 9 / 16), ("21:9", 21 / 9)]
            let nearest = ratios.min { abs($0.1 - ratio) < abs($1.1 - ratio) }!.0
            let short = min(parts[0], parts[1])
            text += " --ratio \(nearest) --resolution \(short >= 1080 ? "1080p" : short >= 720 ? "720p" : "480p")"
        }
        return text
    }
}
