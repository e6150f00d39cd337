import Foundation
import PrismShared

/// What a streamed media chat answer said: its progress lines (`reasoning_content`, each without its line break), its content, and the
/// message of the `error` event a failed job ends with.
struct MediaStream {
    let reasoning: [String]
    let content: String
    let error: String?

    init(_ reply: TestReply) {
        let events = reply.sseData.compactMap { try? JSONValue.parse($0) }
        let deltas = events.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
        reasoning = deltas.compactMap { $0["reasoning_content"]?.stringValue?.trimmingCharacters(in: .newlines) }
        content = deltas.compactMap { $0["content"]?.stringValue }.joined()
        error = events.compactMap { $0["error"]?["message"]?.stringValue }.first
    }
}
