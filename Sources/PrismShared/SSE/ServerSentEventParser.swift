import NIOCore

/// An incremental `text/event-stream` parser: feed it bytes as they arrive, in chunks cut anywhere, and it
/// returns the events completed so far. Lines may end in LF, CRLF or CR.
///
/// ```swift
/// var parser = ServerSentEventParser()
/// for try await chunk in body {
///     for event in parser.feed(chunk) { handle(event) }
/// }
/// let last = parser.finish()
/// ```
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var skipNextLineFeed = false
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var id: String?
    /// A stream that never ends a line is cut off here rather than growing without bound.
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 16 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Consumes `chunk` and returns every event it completed.
    public mutating func feed(_ chunk: ByteBuffer) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        chunk.withUnsafeReadableBytes { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0A, skipNextLineFeed, index == start, line.isEmpty {
                        skipNextLineFeed = false
                        index += 1
                        start = index
                        continue
                    }
                    line.append(contentsOf: bytes[start..<index])
                    skipNextLineFeed = byte == 0x0D
                    if let completed = processLine() { events.append(completed) }
                    line.removeAll(keepingCapacity: true)
                    index += 1
                    start = index
                } else {
                    skipNextLineFeed = false
                    index += 1
                }
            }
            if start < bytes.count {
                line.append(contentsOf: bytes[start..<bytes.count])
                if line.count > maxLineBytes { line.removeAll() }
            }
        }
        return events
    }

    /// Ends the stream: an event not yet closed by a blank line is returned as if it were.
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty {
            _ = processLine()
            line.removeAll()
        }
        return dispatch()
    }

    private mutating func processLine() -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let nameBytes = colon.map { line[..<$0] } ?? line[...]
        var valueStart = colon.map { $0 + 1 } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        switch String(decoding: nameBytes, as: UTF8.self) {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            event = String(decoding: value, as: UTF8.self)
        case "id":
            id = String(decoding: value, as: UTF8.self)
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            event = nil
        }
        guard hasData else { return nil }
        return ServerSentEvent(event: event, data: String(decoding: data, as: UTF8.self), id: id)
    }
}
