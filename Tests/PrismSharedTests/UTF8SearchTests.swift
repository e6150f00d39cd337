import PrismShared
import Testing

@Suite("UTF8Search: a byte scan for the relay's needles")
struct UTF8SearchTests {
    @Test("finds a needle anywhere, returns the offset past it, and nothing for what is not there")
    func finds() {
        #expect(UTF8Search.end(of: "\"error\"", in: #"{"error":{}}"#) == 8)
        #expect(UTF8Search.end(of: "ab", in: "xxab") == 4)
        #expect(UTF8Search.end(of: "aab", in: "aaab") == 4)
        #expect(UTF8Search.end(of: "ab", in: "a") == nil)
        #expect(UTF8Search.end(of: "ab", in: "") == nil)
        #expect(UTF8Search.end(of: "ab", in: "aXb") == nil)
        #expect(UTF8Search.contains("\"finish_reason\"", in: #"{"délta":"🙂","finish_reason":"stop"}"#))
        #expect(!UTF8Search.contains("\"error\"", in: #"{"errors":1}"#))
    }

    @Test("agrees with String.contains on random ASCII text", arguments: 0..<20)
    func agrees(seed: Int) {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 3)
        }
        let text = String((0..<60).map { _ in Character(["a", "b", "\""][next()]) })
        #expect(UTF8Search.contains("ab\"a", in: text) == text.contains("ab\"a"), "\(text)")
    }
}
