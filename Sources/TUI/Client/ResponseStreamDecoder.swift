import PrismShared

/// Turns the events of a streamed `POST /v1/responses` into what the conversation view shows.
enum ResponseStreamDecoder {
    static func decode(_ event: ServerSentEvent) -> StreamEvent? {
        guard let json = try? JSONValue.parse(Array(event.data.utf8)) else { return nil }
        switch json["type"]?.stringValue ?? event.event ?? "" {
        case "response.created":
            return json["response"]?["id"]?.stringValue.map { .started(responseID: $0) }
        case "response.output_text.delta":
            return json["delta"]?.stringValue.map { .text($0) }
        case "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
            return json["delta"]?.stringValue.map { .progress($0) }
        case "response.completed", "response.incomplete":
            return .finished(responseID: json["response"]?["id"]?.stringValue)
        case "response.failed":
            return .failed(json["response"]?["error"]?["message"]?.stringValue ?? "the answer failed")
        case "error":
            return .failed(json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue ?? "the gateway reported an error")
        default:
            return nil
        }
    }
}
