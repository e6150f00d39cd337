import Foundation
import PrismShared
import Testing

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

/// Streams `prompt` to `model` and checks a failed job as SPEC §5 words it: the last progress line and the
/// error event are one sentence — `sentence` (the stored `reason`, capitalised), then the job id —, the
/// answer has no content, the job is stored failed with `reason`, and no media was kept.
func expectFailedJob(
    _ client: GatewayClient, model: String, prompt: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let stream = MediaStream(try await client.postJSON("/v1/chat/completions", chatBody(model, prompt, stream: true)))
    let sentence = reason.prefix(1).uppercased() + reason.dropFirst()
    #expect(stream.reasoning.last?.hasPrefix("\(sentence) (job job_") == true, "\(stream.reasoning)", sourceLocation: sourceLocation)
    #expect(stream.error?.hasPrefix("\(sentence) (job job_") == true && stream.error?.hasSuffix(").") == true, "\(stream.error ?? "")",
            sourceLocation: sourceLocation)
    #expect(stream.content.isEmpty, sourceLocation: sourceLocation)
    let job = try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first
    #expect(job?["status"] == "failed" && job?["error"]?["message"] == .string(reason), "\(String(describing: job))", sourceLocation: sourceLocation)
    #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.isEmpty == true, sourceLocation: sourceLocation)
}
