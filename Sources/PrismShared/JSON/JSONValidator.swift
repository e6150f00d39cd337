/// Checks that bytes are exactly one JSON value (RFC 8259) in a single pass, building no tree: cheap
/// enough for the relay to check every event it forwards.
///
/// ```swift
/// JSONValidator.isValid(#"{"choices":[]}"#)   // true
/// JSONValidator.isValid("{not json")           // false
/// ```
public enum JSONValidator {
    /// Deeper nesting than this is refused, as the parser refuses it.
    public static let maxDepth = 512

    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(UnsafeRawBufferPointer($0)) }
    }

    /// Whether `bytes` is exactly one complete JSON value (surrounding whitespace allowed).
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var scanner = Scanner(bytes: bytes)
        return scanner.document()
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        /// What an open container expects next.
        private enum Expect { case valueOrClose, value, keyOrClose, key, colon, commaOrClose }

        mutating func document() -> Bool {
            // Containers are tracked as a bit per level (1 = object) so nesting costs no allocation.
            var kinds = [UInt64](repeating: 0, count: (maxDepth + 63) / 64)
            var depth = 0
            var expect = Expect.value
            func isObject(_ level: Int) -> Bool { kinds[level >> 6] & (1 << UInt64(level & 63)) != 0 }
            while true {
                skipWhitespace()
                guard index < bytes.count else { return false }
                let byte = bytes[index]
                switch expect {
                case .keyOrClose, .key:
                    if byte == UInt8(ascii: "}"), expect == .keyOrClose {
                        index += 1
                        depth -= 1
                    } else {
                        guard byte == UInt8(ascii: "\""), string() else { return false }
                        expect = .colon
                        continue
                    }
                case .colon:
                    guard byte == UInt8(ascii: ":") else { return false }
                    index += 1
                    expect = .value
                    continue
                case .commaOrClose:
                    let object = isObject(depth - 1)
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        expect = object ? .key : .value
                        continue
                    }
                    guard byte == UInt8(ascii: object ? "}" : "]") else { return false }
                    index += 1
                    depth -= 1
                case .valueOrClose, .value:
                    if byte == UInt8(ascii: "]"), expect == .valueOrClose {
                        index += 1
                        depth -= 1
                    } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                        guard depth < maxDepth else { return false }
                        let mask: UInt64 = 1 << UInt64(depth & 63)
                        if byte == UInt8(ascii: "{") { kinds[depth >> 6] |= mask } else { kinds[depth >> 6] &= ~mask }
                        depth += 1
                        index += 1
                        expect = byte == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
                        continue
                    } else {
                        guard scalar() else { return false }
                    }
                }
                // A value (or a container) just ended.
                if depth == 0 {
                    skipWhitespace()
                    return index == bytes.count
                }
                expect = .commaOrClose
            }
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        /// A string, number, `true`, `false` or `null` at `index`.
        private mutating func scalar() -> Bool {
            switch bytes[index] {
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        private mutating func string() -> Bool {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { return false }
                    switch bytes[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count else { return false }
                        for offset in 1...4 where !isHexDigit(bytes[index + offset]) { return false }
                        index += 5
                    default:
                        return false
                    }
                case 0x00..<0x20:
                    return false
                case 0x80...:
                    guard utf8Sequence() else { return false }
                default:
                    index += 1
                }
            }
            return false
        }

        /// One well-formed multi-byte UTF-8 sequence at `index` (no overlongs, no surrogates).
        private mutating func utf8Sequence() -> Bool {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
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
            guard index + length <= bytes.count else { return false }
            guard (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
            index += length
            return true
        }

        private func isHexDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        private func isDigit(_ at: Int) -> Bool { at < bytes.count && (0x30...0x39).contains(bytes[at]) }

        private mutating func number() -> Bool {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { return false }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while isDigit(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard isDigit(index) else { return false }
                while isDigit(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard isDigit(index) else { return false }
                while isDigit(index) { index += 1 }
            }
            return true
        }
    }
}
