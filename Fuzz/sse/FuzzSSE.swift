// libFuzzer target `sse`: ServerSentEventParser fed in chunks cut where the input says.
//
// Built in one module with Sources/PrismShared/SSE/*.swift (see Fuzz/build.sh). The input is
// `count, size₁ … size_count, stream…`: the first byte (mod 16) says how many cuts, the next bytes are the
// sizes of the chunks before each cut (0 is an empty chunk), the rest is the stream. Invariants:
// - the events (and the one `finish()` returns) are the same as when the whole stream is fed at once;
// - each event, written with `ServerSentEvent.write` and parsed again, is that same event.
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let first = input.first else { return 0 }
    let cuts = min(Int(first % 16), input.count - 1)
    let sizes = input[1..<(1 + cuts)].map(Int.init)
    let stream = input[(1 + cuts)...]

    let whole = events(of: [stream[...]])
    var chunks: [Slice<UnsafeBufferPointer<UInt8>>] = []
    var start = stream.startIndex
    for size in sizes {
        let end = min(start + size, stream.endIndex)
        chunks.append(stream[start..<end])
        start = end
    }
    chunks.append(stream[start...])
    let chunked = events(of: chunks)
    if chunked != whole {
        fatalError("chunks \(sizes) gave \(chunked.count) events \(chunked), the whole stream \(whole.count) \(whole)")
    }

    for event in whole {
        var buffer = ByteBuffer()
        event.write(to: &buffer)
        var parser = ServerSentEventParser()
        var again = parser.feed(buffer)
        if let last = parser.finish() { again.append(last) }
        if again != [event] { fatalError("\(event) written and parsed again is \(again)") }
    }
    return 0
}

/// Feeds each chunk in its own buffer, with bytes already read before it so the reader index is not 0.
func events(of chunks: [Slice<UnsafeBufferPointer<UInt8>>]) -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    var events: [ServerSentEvent] = []
    for chunk in chunks {
        var buffer = ByteBuffer()
        buffer.writeString("data: already read\n\n")
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: chunk)))
        events += parser.feed(buffer)
    }
    if let last = parser.finish() { events.append(last) }
    return events
}
