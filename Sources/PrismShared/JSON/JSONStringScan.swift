/// Where the next byte is that a JSON string cannot hold as it is: `"`, `\` or a control character below
/// 0x20. Eight bytes are tested at once (SWAR: the classic "has zero byte" and "has byte less than" word
/// tricks), so the long plain runs of a prompt — most of a large request — cost an eighth of a byte loop.
enum JSONStringScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first special byte in `bytes[from...]`, or `bytes.count` when there is none.
    static func firstSpecial(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if hasSpecial(word) { break }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (exact: a word that says no has none).
    @inline(__always)
    private static func hasSpecial(_ word: UInt64) -> Bool {
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }
}
