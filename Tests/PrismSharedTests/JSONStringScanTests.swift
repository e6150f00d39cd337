@testable import PrismShared
import Testing

@Suite("JSONStringScan: eight bytes at a time, the same answer as a byte loop")
struct JSONStringScanTests {
    /// What a byte loop finds.
    static func naive(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } ?? bytes.count
    }

    @Test("every special byte at every offset of a word, among plain ASCII and multi-byte UTF-8", arguments: [UInt8(0x00), 0x1F, 0x22, 0x5C, 0x0A])
    func everyOffset(special: UInt8) {
        let plain = Array("abc é 🙂 xyz ~!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}".utf8)
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
            for position in 0...length {
                var bytes = (0..<length).map { plain[$0 % plain.count] }
                if position < length { bytes[position] = special }
                for start in [0, min(3, bytes.count)] {
                    let found = bytes.withUnsafeBytes { JSONStringScan.firstSpecial(in: $0, from: start) }
                    #expect(found == Self.naive(bytes, from: start), "\(bytes) from \(start)")
                }
            }
        }
    }

    @Test("bytes 0x20 and above other than quote and backslash are never special, in any lane")
    func noFalseAlarms() {
        let allowed = (UInt8(0x20)...UInt8(0xFF)).filter { $0 != 0x22 && $0 != 0x5C }
        var bytes: [UInt8] = []
        for (index, byte) in allowed.enumerated() { bytes.append(byte); if index % 3 == 0 { bytes.append(0x21) } }
        #expect(bytes.withUnsafeBytes { JSONStringScan.firstSpecial(in: $0, from: 0) } == bytes.count)
    }

    @Test("strings with every escape survive a round trip through the serialiser and the parser")
    func roundTrip() throws {
        let text = String(repeating: "plain text of a prompt ", count: 5) + "\"quoted\" back\\slash\nnew\tline\u{1} é🙂" + String(repeating: "z", count: 13)
        let value: JSONValue = ["content": .string(text)]
        #expect(try JSONValue.parse(value.serialized()) == value)
    }
}
