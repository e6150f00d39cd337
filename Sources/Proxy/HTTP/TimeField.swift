import Foundation

/// A time as clients write it in a field or query parameter: ISO-8601 (`2026-12-01T00:00:00Z`, fractional
/// seconds allowed) or Unix seconds. One reading for every endpoint that takes a time.
enum TimeField {
    /// Unix seconds, or nil when `text` is neither form.
    static func seconds(_ text: String) -> Double? {
        if let seconds = Double(text) { return seconds.isFinite ? seconds : nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// The example every sentence about a bad time gives.
    static let example = "a time such as 2026-12-01T00:00:00Z or Unix seconds"
}
