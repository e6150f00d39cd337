import Foundation
import NIOCore
import PrismShared
import Testing
@testable import TUI

@Suite("wrapping, widths, half blocks and the answer stream")
struct RenderingTests {
    @Test("paragraphs wrap at words, list items under their text, code blocks stay as they are")
    func markdown() {
        let text = "# A heading\nThe quick brown fox jumps over the lazy dog\n- one two three four five\n```\nlet x = [1, 2, 3, 4, 5, 6]\n```"
        let lines = MarkdownWrap.lines(text, width: 16)
        #expect(lines.map(\.text) == [
            "A heading", "The quick brown", "fox jumps over", "the lazy dog", "- one two three", "  four five", "```",
            "let x = [1, 2, 3", "```",
        ])
        #expect(lines[0].style.bold && lines[7].style == .code)
    }

    @Test("a word longer than the line is broken at the edge; wide characters count two columns")
    func longWordsAndWideCharacters() {
        #expect(MarkdownWrap.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(MarkdownWrap.wrap("東京 大阪 京都", width: 5) == ["東京", "大阪", "京都"])
        #expect(TextWidth.of("東京a") == 5 && TextWidth.of("e\u{301}") == 1 && TextWidth.of("🙂") == 2)
        #expect(TextWidth.truncated("東京タワー", to: 5) == "東京…")
    }

    @Test("a 2×2 image is one row of two half blocks: top pixels as foreground, bottom as background")
    func halfBlocks() {
        let red: [UInt8] = [255, 0, 0, 255], blue: [UInt8] = [0, 0, 255, 255], white: [UInt8] = [255, 255, 255, 255], clear: [UInt8] = [9, 9, 9, 0]
        let image = RGBAImage(width: 2, height: 2, pixels: red + white + blue + clear)
        let rows = HalfBlock.render(image, columns: 2, rows: 1)
        #expect(rows.count == 1 && rows[0].count == 2)
        #expect(rows[0][0] == Cell(text: "▀", style: Style(foreground: 196, background: 21)))
        #expect(rows[0][1] == Cell(text: "▀", style: Style(foreground: 231, background: 16)))
    }

    @Test("on a direct-colour terminal the half blocks carry the pixels' own 24-bit colours")
    func trueColor() {
        let image = RGBAImage(width: 1, height: 2, pixels: [12, 34, 56, 255, 200, 100, 50, 255])
        let cell = HalfBlock.render(image, columns: 1, rows: 1, trueColor: true)[0][0]
        #expect(cell.style.foreground == Palette.direct((12, 34, 56)) && cell.style.background == Palette.direct((200, 100, 50)))
        #expect(Palette.components(Palette.direct((12, 34, 56))) == (12, 34, 56))
    }

    @Test("an image keeps its aspect ratio: 40×10 pixels in 10×10 cells is 10 columns by 2 rows (4 pixel rows)")
    func aspect() {
        let image = RGBAImage(width: 40, height: 10, pixels: Array(repeating: 128, count: 40 * 10 * 4))
        let rows = HalfBlock.render(image, columns: 10, rows: 10)
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 10 })
    }

    @Test("the palette maps to the nearest cube colour or grey")
    func palette() {
        #expect(Palette.index(of: (0, 0, 0)) == 16 && Palette.index(of: (255, 255, 255)) == 231)
        #expect(Palette.index(of: (128, 128, 128)) == 244 && Palette.index(of: (255, 135, 0)) == 208)
    }

    @Test("streamed Responses events become text, progress, start and end, even split mid-line")
    func streamDecoding() {
        let wire = """
            event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n\
            event: response.reasoning_summary_text.delta\ndata: {"type":"response.reasoning_summary_text.delta","delta":"queued\\n"}\n\n\
            event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hi 東京"}\n\n\
            event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1"}}\n\n
            """
        var parser = ServerSentEventParser()
        let bytes = Array(wire.utf8)
        var events: [StreamEvent] = []
        for start in stride(from: 0, to: bytes.count, by: 7) {
            let chunk = ByteBuffer(bytes: bytes[start..<min(start + 7, bytes.count)])
            events += parser.feed(chunk).compactMap(ResponseStreamDecoder.decode)
        }
        #expect(events == [.started(responseID: "resp_1"), .progress("queued\n"), .text("Hi 東京"), .finished(responseID: "resp_1")])
        let failed = ServerSentEvent(event: "response.failed", data: #"{"type":"response.failed","response":{"error":{"message":"upstream broke"}}}"#)
        #expect(ResponseStreamDecoder.decode(failed) == .failed("upstream broke"))
    }

    @Test("PNG decodes; a corrupt file and a 20000×20000 image are refused with a reason")
    func decoding() throws {
        let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)
        let image = try ImageDecoder.decode(png)
        #expect(image.width == 1 && image.height == 1 && image.pixels.count == 4)
        #expect(throws: ClientError.self) { try ImageDecoder.decode(Array("not an image at all".utf8)) }
        var huge = Array(png.prefix(33))
        huge.replaceSubrange(16..<24, with: [0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20])
        do {
            _ = try ImageDecoder.decode(huge + Array(png.dropFirst(33)))
            Issue.record("a 20000×20000 image was decoded")
        } catch {
            #expect(error.message.contains("20000×20000, too large"))
        }
    }
}
