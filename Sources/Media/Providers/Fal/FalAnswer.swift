import PrismShared

/// Reading fal's queue answers: queue positions, progress from the runner's logs, the output files, and
/// its failures — a content-checker refusal (`content_policy_violation`, NSFW) told apart from the rest.
enum FalAnswer {
    /// fal counts the requests ahead of this one (0: it is next); Prism shows the place in line, from 1.
    static func position(_ json: JSONValue) -> Int? {
        json["queue_position"]?.intValue.map { max($0, 0) + 1 }
    }

    /// The status URL asking for the runner's logs too.
    static func withLogs(_ statusURL: String) -> String {
        statusURL + (statusURL.contains("?") ? "&" : "?") + "logs=1"
    }

    /// `…/requests/<id>` from `…/requests/<id>/status`: the response URL, and the cancel URL's stem.
    static func requestURL(_ statusURL: String) -> String {
        var url = String(statusURL.split(separator: "?", maxSplits: 1).first ?? "")
        if url.hasSuffix("/status") { url.removeLast("/status".count) }
        return url
    }

    /// The newest log line as the progress message, and a percentage from the newest line that has one;
    /// a progress bar (`45%|████▌     | 9/20`) says no more than its percentage, so it gives no message.
    static func progress(_ logs: JSONValue?) -> (fraction: Double?, message: String?) {
        let lines = (logs?.arrayValue ?? []).compactMap { $0["message"]?.stringValue }.map { plainReason($0, fallback: "", limit: 80) }.filter { !$0.isEmpty }
        let fraction = lines.reversed().lazy.compactMap(percent).first.map { $0 / 100 }
        guard let newest = lines.last, !newest.contains("%|") else { return (fraction, nil) }
        return (fraction, newest)
    }

    /// The last `NN%` or `NN.N%` of a line, 0…100.
    static func percent(_ line: String) -> Double? {
        let characters = Array(line)
        for index in characters.indices.reversed() where characters[index] == "%" {
            var start = index
            while start > 0, characters[start - 1].isASCII, characters[start - 1].isNumber || characters[start - 1] == "." { start -= 1 }
            if let value = Double(String(characters[start..<index])), (0...100).contains(value) { return value }
        }
        return nil
    }

    /// The files of an app's output: `video.url`, or `images[].url` (without those fal's checker flagged in
    /// `has_nsfw_concepts`), or `image.url`. Every image flagged is the content filter's refusal.
    static func files(in output: JSONValue) throws -> [String] {
        if let video = output["video"]?["url"]?.stringValue { return [video] }
        var images = output["images"]?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []
        if images.isEmpty, let image = output["image"]?["url"]?.stringValue { images = [image] }
        let flagged = output["has_nsfw_concepts"]?.arrayValue?.map { $0.boolValue == true } ?? []
        let kept = images.enumerated().filter { !(flagged.indices.contains($0.offset) && flagged[$0.offset]) }.map(\.element)
        if kept.isEmpty, flagged.contains(true) { throw refused("every image was flagged as not safe for work") }
        guard !kept.isEmpty else { throw MediaProviderError("fal's answer held no image or video") }
        return kept
    }

    /// A call fal answered with an error status: its `detail`, as a refusal when its checker made it.
    static func failure(_ answer: MediaHTTP.Answer) -> MediaProviderError {
        let found = reason(answer.json) ?? (text: "HTTP \(answer.status)", filtered: false)
        return found.filtered ? refused(found.text) : MediaProviderError("fal answered \(answer.status): \(found.text)")
    }

    /// A `COMPLETED` status that carries an `error` (and perhaps an `error_type`): the request failed.
    static func failure(completed: JSONValue) -> MediaProviderError? {
        guard let error = completed["error"], !error.isNull else { return nil }
        var wrapped: JSONValue = ["error": error]
        if let type = completed["error_type"] { wrapped["error_type"] = type }
        let found = reason(wrapped) ?? (text: "no reason given", filtered: false)
        return found.filtered ? refused(found.text) : MediaProviderError("fal could not finish the request: \(found.text)")
    }

    static func refused(_ reason: String) -> MediaProviderError {
        MediaProviderError("fal's content filter refused the prompt: \(reason)")
    }

    /// fal's own words — `detail` (a sentence, or a list of `{msg, type}`), else `error`, else `message` —
    /// and whether they come from its content checker.
    static func reason(_ json: JSONValue?) -> (text: String, filtered: Bool)? {
        guard let json else { return nil }
        var texts: [String] = []
        var types = [json["error_type"]?.stringValue].compactMap { $0 }
        for key in ["detail", "error", "message"] where texts.isEmpty {
            guard let value = json[key], !value.isNull else { continue }
            if let text = value.stringValue { texts.append(text) }
            if let text = value["message"]?.stringValue ?? value["msg"]?.stringValue { texts.append(text) }
            for item in value.arrayValue ?? [] {
                if let text = item["msg"]?.stringValue ?? item.stringValue { texts.append(text) }
                if let type = item["type"]?.stringValue { types.append(type) }
            }
        }
        guard !texts.isEmpty else { return nil }
        let words = (texts + types).joined(separator: " ").lowercased()
        let filtered = ["content_policy", "content policy", "nsfw", "content checker", "safety checker", "flagged"].contains { words.contains($0) }
        return (plainReason(texts.joined(separator: "; ")), filtered)
    }
}
