import NIOCore
import PrismShared
import Testing

/// Seeded random JSON: the same seed gives the same cases on every run, so a failure names its seed and
/// can be replayed.
@Suite("JSON round trip and splicing, seeded fuzz")
struct JSONRoundTripFuzzTests {
    /// SplitMix64: small, fast and reproducible.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [UInt64] = Array(1...40)

    private static let scalars: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{FFFF}", "𝄞"]

    static func string(_ random: inout Seeded) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...12, using: &random) { text.unicodeScalars.append(scalars.randomElement(using: &random)!) }
        return text
    }

    static func value(_ random: inout Seeded, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth < 4 ? 7 : 4), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...63, using: &random))
        case 3:
            let double = Double(bitPattern: random.next())
            return double.isFinite && double != double.rounded() ? .number(double) : .number(0.5)
        case 4: return .string(string(&random))
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &random) { object[string(&random)] = value(&random, depth: depth + 1) }
            return .object(object)
        }
    }

    /// Whitespace JSON allows between tokens.
    static func space(_ random: inout Seeded) -> String {
        String((0..<Int.random(in: 0...2, using: &random)).map { _ in [" ", "\n", "\t", "\r"].randomElement(using: &random)! })
    }

    @Test("serialise then parse gives the same value", arguments: seeds)
    func roundTrip(seed: UInt64) throws {
        var random = Seeded(state: seed)
        for _ in 0..<50 {
            let value = Self.value(&random)
            #expect(try JSONValue.parse(value.serialized()) == value, "seed \(seed)")
        }
    }

    @Test("splicing copies kept members verbatim and means what the parsed object minus the removed keys means", arguments: seeds)
    func splicing(seed: UInt64) throws {
        var random = Seeded(state: seed)
        for _ in 0..<30 {
            // Members written with their own spacing and number spellings a re-encoder would change.
            let members = (0..<Int.random(in: 0...6, using: &random)).map { index -> (String, String) in
                let key = ["model", "store", "metadata", "k\(index)"].randomElement(using: &random)!
                let raw = ["1e3", "1.50", "-0", "\"\\u00e9\"", Self.value(&random, depth: 2).serialized()].randomElement(using: &random)!
                return (key, "\"\(key)\"\(Self.space(&random)):\(Self.space(&random))\(raw)")
            }
            let text = "{\(Self.space(&random))" + members.map(\.1).joined(separator: "\(Self.space(&random)),\(Self.space(&random))") + "\(Self.space(&random))}"
            let document = try JSONDocument(text: text)
            let out = String(buffer: document.splicing(replacing: ["model": "m"], removing: ["store", "metadata"]))
            var expected = document.value
            for key in ["store", "metadata"] { expected[key] = nil }
            expected["model"] = "m"
            #expect(try JSONValue.parse(out) == expected, "seed \(seed): \(text)")
            for (key, member) in members where !["model", "store", "metadata"].contains(key) {
                #expect(out.contains(member), "seed \(seed): \(member) not copied verbatim")
            }
        }
    }

    @Test("a damaged text is accepted or refused alike by the parser, the validator and the document", arguments: seeds)
    func damaged(seed: UInt64) {
        var random = Seeded(state: seed)
        for _ in 0..<50 {
            var bytes = Array(Self.value(&random, depth: 1).serialized().utf8)
            guard !bytes.isEmpty else { continue }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0...2, using: &random) {
            case 0: bytes.remove(at: at)
            case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
            default: bytes.insert(Array("{}[],:\"\\ 0e-".utf8).randomElement(using: &random)!, at: at)
            }
            let parsed = (try? JSONValue.parse(bytes)) != nil
            #expect(bytes.withUnsafeBytes { JSONValidator.isValid($0) } == parsed, "seed \(seed): \(bytes)")
            #expect(((try? JSONDocument(bytes: ByteBuffer(bytes: bytes))) != nil) == parsed, "seed \(seed)")
        }
    }
}
