import NIOCore

/// One event of a `text/event-stream`.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, `nil` when absent (the default "message" type).
    public var event: String?
    /// The `data:` lines joined by newlines.
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }

    /// Appends the wire form of this event, one `data:` line per line of `data`.
    public func write(to buffer: inout ByteBuffer) {
        if let event { buffer.writeString("event: \(event)\n") }
        if let id { buffer.writeString("id: \(id)\n") }
        if data.utf8.contains(0x0A) {
            for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
                buffer.writeString("data: ")
                buffer.writeSubstring(line)
                buffer.writeString("\n")
            }
        } else {
            buffer.writeString("data: ")
            buffer.writeString(data)
            buffer.writeString("\n")
        }
        buffer.writeString("\n")
    }

    /// Appends an SSE comment line, which clients ignore and proxies see as traffic.
    public static func writeComment(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeString(": \(text)\n\n")
    }
}
