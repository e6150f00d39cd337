import PrismShared

/// One Replicate prediction as its HTTP API returns it: `{id, status, urls: {get, cancel}, output, error, logs}`.
struct ReplicatePrediction {
    let json: JSONValue

    var id: String? { json["id"]?.stringValue }
    var status: String { json["status"]?.stringValue ?? "" }
    /// The URL to poll (`urls.get`).
    var pollURL: String? { json["urls"]?["get"]?.stringValue }

    /// The output's files: one URL (or `data:` URI), or a list of them.
    var outputFiles: [String] {
        switch json["output"] {
        case .string(let file): return [file]
        case .array(let items): return items.compactMap(\.stringValue)
        default: return []
        }
    }

    /// The prediction's error, as text.
    var errorText: String? {
        json["error"]?.stringValue ?? json["error"]?["message"]?.stringValue
    }

    /// How far the model got, from the last percentage its logs print (progress bars write `45%|████▌ | 9/20`).
    var logFraction: Double? {
        Self.lastPercent(in: json["logs"]?.stringValue ?? "").map { Double($0) / 100 }
    }

    /// The last `NN%` in `text` (a decimal counts by its whole part), when it is at most 100.
    static func lastPercent(in text: String) -> Int? {
        let bytes = Array(text.utf8)
        func digits(endingAt end: Int) -> (value: Int, start: Int)? {
            var start = end
            while start > 0, start > end - 3, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[start - 1]) { start -= 1 }
            guard start < end, let value = Int(String(decoding: bytes[start..<end], as: UTF8.self)) else { return nil }
            return (value, start)
        }
        var found: Int?
        for index in bytes.indices where bytes[index] == UInt8(ascii: "%") {
            guard var number = digits(endingAt: index) else { continue }
            // `12.5%`: the digits before the point are the whole part.
            if number.start > 1, bytes[number.start - 1] == UInt8(ascii: "."), let whole = digits(endingAt: number.start - 1) { number = whole }
            if number.value <= 100 { found = number.value }
        }
        return found
    }

    /// Whether a model's error says its safety checker refused the prompt, an input or the result
    /// ("NSFW content detected", "flagged as sensitive (E005)").
    static func isContentFilter(_ text: String?) -> Bool {
        guard let text = text?.lowercased() else { return false }
        return ["nsfw", "flagged as sensitive", "(e005)", "content policy", "safety checker", "safety filter", "content moderation"]
            .contains { text.contains($0) }
    }
}
