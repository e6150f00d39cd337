import Hummingbird

/// A surface's renderer over the internal events: chat chunks and tool-loop steps in, the surface's own
/// events out (Responses events, Anthropic events).
///
/// ```swift
/// var builder = MessageBuilder(model: "groq/llama")
/// try await source.drive(&builder) { events in try await writer.write(encode(events)) }
/// ```
protocol AnswerBuilder: Sendable {
    associatedtype Event: Sendable
    mutating func consume(_ chunk: ChatChunk) -> [Event]
    mutating func apply(_ event: ToolLoopEvent) -> [Event]
    /// What a stream sends when a long job has nothing new to say, so proxies keep the connection.
    var keepAlive: [Event] { get }
}
