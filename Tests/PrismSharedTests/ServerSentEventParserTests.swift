import NIOCore
import PrismShared
import Testing

@Suite("ServerSentEventParser")
struct ServerSentEventParserTests {
    func parse(_ chunks: [String]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        var events = chunks.flatMap { parser.feed(ByteBuffer(string: $0)) }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    @Test("LF, CRLF and CR line ends give the same events")
    func lineEnds() {
        let expected = [ServerSentEvent(data: "one"), ServerSentEvent(event: "x", data: "two")]
        #expect(parse(["data: one\n\nevent: x\ndata: two\n\n"]) == expected)
        #expect(parse(["data: one\r\n\r\nevent: x\r\ndata: two\r\n\r\n"]) == expected)
        #expect(parse(["data: one\r\revent: x\rdata: two\r\r"]) == expected)
    }

    @Test("events split anywhere across chunks, even between CR and LF")
    func splits() {
        let text = "data: {\"a\":1}\r\n\r\ndata: [DONE]\r\n\r\n"
        for cut in 1..<text.utf8.count {
            let bytes = Array(text.utf8)
            let chunks = [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
            #expect(parse(chunks).map(\.data) == ["{\"a\":1}", "[DONE]"], "cut at \(cut)")
        }
    }

    @Test("multi-line data joins with newlines; comments are ignored; a last event without a blank line counts")
    func fields() {
        let events = parse([": keep-alive\n\ndata: a\ndata: b\n\ndata:c"])
        #expect(events.map(\.data) == ["a\nb", "c"])
    }

    @Test("writing an event and parsing it back is the identity")
    func write() {
        var buffer = ByteBuffer()
        ServerSentEvent(event: "response.created", data: "line1\nline2").write(to: &buffer)
        var parser = ServerSentEventParser()
        #expect(parser.feed(buffer) == [ServerSentEvent(event: "response.created", data: "line1\nline2")])
    }
}
