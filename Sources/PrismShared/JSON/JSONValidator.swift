/// Checks that bytes are exactly one JSON value (RFC 8259) in a single pass, building no tree and allocating
/// nothing: cheap enough for the relay to check every event it forwards.
///
/// It accepts exactly what `JSONValue.parse` accepts (the fuzz target `Fuzz/json` checks the two against
/// each other): strict grammar (no `NaN`, no trailing commas, no leading zeros), well-formed UTF-8 in
/// strings, no raw control characters, only JSON's escapes, `\u` surrogates in pairs, and at most `maxDepth`
/// nested containers.
///
/// ```swift
/// JSONValidator.isValid(#"{"choices":[]}"#)   // true
/// JSONValidator.isValid("{not json")           // false
/// ```
public enum JSONValidator {
    /// Deeper nesting than this is refused, as `JSONValue.parse` refuses it by default.
    public static let maxDepth = 256

    /// Whether `text` is exactly one complete JSON value (surrounding whitespace allowed).
    public static func isValid(_ text: String) -> Bool {
        if let valid = text.utf8.withContiguousStorageIfAvailable({ isValid(UnsafeRawBufferPointer($0)) }) {
            return valid
        }
        return Array(text.utf8).withUnsafeBytes { isValid($0) }
    }

    /// Whether `bytes` is exactly one complete JSON value (RFC 8259; surrounding whitespace allowed).
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        // One bit per open container (1 = object), on the stack: 256 levels are four words.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (maxDepth + 63) / 64) { kinds in
            kinds.initialize(repeating: 0)
            var scanner = Scanner(bytes: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, kinds: kinds.baseAddress!)
            return scanner.document()
        }
    }

    private struct Scanner {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        let kinds: UnsafeMutablePointer<UInt64>
        var index = 0

        init(bytes: UnsafePointer<UInt8>, count: Int, kinds: UnsafeMutablePointer<UInt64>) {
            self.bytes = bytes
            self.count = count
            self.kinds = kinds
        }

        mutating func document() -> Bool {
            var depth = 0
            value: while true {
                skipWhitespace()
                guard index < count else { return false }
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    guard depth < maxDepth else { return false }
                    kinds[depth >> 6] |= 1 << UInt64(depth & 63)
                    depth += 1
                    index += 1
                    skipWhitespace()
                    guard index < count else { return false }
                    if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        depth -= 1
                    } else {
                        guard key() else { return false }
                        continue value
                    }
                case UInt8(ascii: "["):
                    guard depth < maxDepth else { return false }
                    kinds[depth >> 6] &= ~(1 << UInt64(depth & 63))
                    depth += 1
                    index += 1
                    skipWhitespace()
                    guard index < count else { return false }
                    if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        depth -= 1
                    } else {
                        continue value
                    }
                case UInt8(ascii: "\""):
                    guard string() else { return false }
                case UInt8(ascii: "t"):
                    guard literal("true") else { return false }
                case UInt8(ascii: "f"):
                    guard literal("false") else { return false }
                case UInt8(ascii: "n"):
                    guard literal("null") else { return false }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard number() else { return false }
                default:
                    return false
                }
                // A value just ended: a comma, the close of its container, or the end of the document.
                while true {
                    skipWhitespace()
                    if depth == 0 { return index == count }
                    guard index < count else { return false }
                    let byte = bytes[index]
                    let inObject = kinds[(depth - 1) >> 6] & (1 << UInt64((depth - 1) & 63)) != 0
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        if inObject {
                            skipWhitespace()
                            guard key() else { return false }
                        }
                        continue value
                    }
                    guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                    index += 1
                    depth -= 1
                }
            }
        }

        @inline(__always)
        private mutating func skipWhitespace() {
            while index < count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// `"key"` then `:`, at `index`.
        private mutating func key() -> Bool {
            guard index < count, bytes[index] == UInt8(ascii: "\""), string() else { return false }
            skipWhitespace()
            guard index < count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            return true
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard count - index >= length else { return false }
            let start = word.utf8Start
            for offset in 0..<length where bytes[index + offset] != start[offset] { return false }
            index += length
            return true
        }

        /// A string at `index` (its opening quote).
        private mutating func string() -> Bool {
            index += 1
            while true {
                // Eight plain bytes at a time: none below 0x20, none `"`, `\` or non-ASCII.
                while count - index >= 8 {
                    let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                    if Self.hasSpecialByte(word) { break }
                    index += 8
                }
                guard index < count else { return false }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    guard escape() else { return false }
                case 0x00..<0x20:
                    return false
                case 0x80...:
                    guard utf8Sequence() else { return false }
                default:
                    index += 1
                }
            }
        }

        private static let ones: UInt64 = 0x0101_0101_0101_0101
        private static let highs: UInt64 = 0x8080_8080_8080_8080

        /// Whether any byte of `word` is below 0x20, `"`, `\` or 0x80 and above. Exact for "any" (the bit
        /// tricks can misplace which byte, never miss one).
        @inline(__always)
        private static func hasSpecialByte(_ word: UInt64) -> Bool {
            let control = (word &- ones &* 0x20) & ~word
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | word
            return special & highs != 0
        }

        /// An escape at `index` (its backslash): one of JSON's, and `\u` surrogates only as a high-low pair.
        private mutating func escape() -> Bool {
            index += 1
            guard index < count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 1
                return true
            case UInt8(ascii: "u"):
                index += 1
                guard let code = hex4() else { return false }
                if (0xDC00..<0xE000).contains(code) { return false }
                guard (0xD800..<0xDC00).contains(code) else { return true }
                guard count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return false }
                index += 2
                guard let low = hex4() else { return false }
                return (0xDC00..<0xE000).contains(low)
            default:
                return false
            }
        }

        private mutating func hex4() -> UInt32? {
            guard count - index >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// One well-formed multi-byte UTF-8 sequence at `index` (Unicode's table 3-7: no overlong forms, no
        /// surrogates, nothing past U+10FFFF), as Swift's own UTF-8 validation has it.
        private mutating func utf8Sequence() -> Bool {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard count - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
            return true
        }

        @inline(__always)
        private func isDigit(at position: Int) -> Bool {
            position < count && bytes[position] &- UInt8(ascii: "0") < 10
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `index`.
        private mutating func number() -> Bool {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(at: index) else { return false }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while isDigit(at: index) { index += 1 }
            }
            if index < count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard isDigit(at: index) else { return false }
                while isDigit(at: index) { index += 1 }
            }
            if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard isDigit(at: index) else { return false }
                while isDigit(at: index) { index += 1 }
            }
            return true
        }
    }
}
