import Foundation
import Media
import Testing

@Suite("Prompt flags (SPEC §5)")
struct FlagTests {
    @Test("flags anywhere, quoted values, negative numbers, bare flags and aliases", arguments: [
        ("A cat --ratio 16:9 --seed 7", "A cat", ["ratio": "16:9", "seed": "7"]),
        ("--seed -1 A cat", "A cat", ["seed": "-1"]),
        ("A cat --negative \"blurry, dark\" in snow", "A cat in snow", ["negative": "blurry, dark"]),
        ("A cat --camerafixed", "A cat", ["camerafixed": "true"]),
        ("A cat --rt 1:1 --dur 5 --rs 720p --cf false", "A cat", ["ratio": "1:1", "duration": "5", "resolution": "720p", "camerafixed": "false"]),
        ("A cat --negative_prompt ugly", "A cat", ["negative": "ugly"]),
        ("A cat --new --steps 30", "A cat", ["new": "true", "steps": "30"]),
        ("well-known --pre-fix is not a flag", "well-known --pre-fix is not a flag", [:]),
        ("A cat --seed 1 --seed 2", "A cat", ["seed": "2"]),
    ])
    func parsing(text: String, prompt: String, values: [String: String]) {
        let parsed = PromptFlags.parse(text)
        #expect(parsed.prompt == prompt)
        #expect(parsed.values == values)
    }

    @Test("rich-text rewrites count: a dash that starts a word is --, curly quotes are straight")
    func richText() {
        let parsed = PromptFlags.parse("A cat \u{2014}ratio 16:9 \u{2013}negative \u{201C}dark sky\u{201D} well\u{2014}known")
        #expect(parsed.values == ["ratio": "16:9", "negative": "dark sky"])
        #expect(parsed.prompt == "A cat well\u{2014}known")
    }

    static let imageFlags = FlagValidator(
        model: "image/doubao",
        specs: [
            FlagSpec("size", .size(256...4096), "output size"),
            FlagSpec("ratio", .ratio, "aspect ratio"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed; -1 for random"),
            FlagSpec("guidance", .number(1...10), "guidance scale", default: "2.5"),
            FlagSpec("n", .integer(1...4), "number of images", default: "1"),
            FlagSpec("format", .choice(["url", "b64_json"]), "delivery", default: "url"),
        ],
        supportedSizes: [(1024, 1024), (1280, 720), (720, 1280), (1152, 864)])

    @Test("a ratio that no supported size comes within 10% of is refused with the provider's ratios")
    func ratioTooFar() throws {
        #expect(try Self.imageFlags.validate(PromptFlags.parse("x --ratio 17:9")).width == 1280)
        do {
            _ = try Self.imageFlags.validate(PromptFlags.parse("x --ratio 99:1"))
            Issue.record("--ratio 99:1 was accepted")
        } catch {
            #expect(error.flag == "ratio")
            #expect(error.message == "--ratio 99:1 is not near any size image/doubao makes: use one of 1:1, 16:9, 9:16, 4:3.")
        }
    }

    @Test("valid flags become typed values; --ratio maps to the nearest supported size; --seed -1 is random")
    func validation() throws {
        let flags = try Self.imageFlags.validate(PromptFlags.parse("x --ratio 16:9 --seed -1 --guidance 3.5 --n 2 --format B64_JSON"))
        #expect(flags.width == 1280 && flags.height == 720 && flags.ratio == "16:9")
        #expect(flags.randomSeed && flags.integers["seed"] == nil)
        #expect(flags.numbers["guidance"] == 3.5 && flags.integers["n"] == 2 && flags.strings["format"] == "b64_json")
        let square = try Self.imageFlags.validate(PromptFlags.parse("x --ratio 1:1"))
        #expect(square.width == 1024 && square.height == 1024)
        let explicit = try Self.imageFlags.validate(PromptFlags.parse("x --size 800x600 --ratio 16:9"))
        #expect(explicit.width == 800 && explicit.height == 600)
    }

    @Test("bad flags are errors that name the flag and say what is allowed", arguments: [
        ("x --n 9", "n", "from 1 to 4"),
        ("x --steps 20", "steps", "--size, --ratio, --seed"),
        ("x --guidance loud", "guidance", "a number from 1.0 to 10.0"),
        ("x --ratio wide", "ratio", "A:B"),
        ("x --size 10x10", "size", "WxH"),
        ("x --format png", "format", "url, b64_json"),
        ("x --new maybe", "new", "true or false"),
    ])
    func errors(text: String, flag: String, mentions: String) {
        do {
            _ = try Self.imageFlags.validate(PromptFlags.parse(text))
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.flag == flag)
            #expect(error.message.contains("--\(flag) ") && !error.message.contains("`"))
            #expect(error.message.contains(mentions), "\(error.message)")
        }
    }

    @Test("/help lists every flag as --name with its range and default, and an example")
    func help() {
        let text = Self.imageFlags.helpText(example: "A lighthouse at dusk --ratio 16:9")
        for name in ["--size", "--ratio", "--seed", "--guidance", "--n", "--format", "--new"] { #expect(text.contains("`\(name)`")) }
        #expect(text.contains("default 2.5") && text.contains("Example: `A lighthouse at dusk --ratio 16:9`"))
    }

    @Test("random input never crashes the parser or the validator")
    func fuzz() {
        // Seeded, and the seed printed, so a failure can be replayed with PRISM_FUZZ_SEED.
        let seed = ProcessInfo.processInfo.environment["PRISM_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        print("FlagTests.fuzz seed \(seed) (replay with PRISM_FUZZ_SEED=\(seed))")
        var generator = SplitMix64(seed: seed)
        let pieces = ["--", "-", "—", "–", "\"", "\u{201C}", " ", "\n", "\t", "seed", "ratio", "1", "-1", "16:9", "x", "é", "🙂", ":", "--n", "9", "\\"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let parsed = PromptFlags.parse(text)
            #expect(parsed.order.allSatisfy { !$0.isEmpty && parsed.values[$0] != nil })
            _ = try? Self.imageFlags.validate(parsed)
        }
    }
}

/// A small seeded generator (SplitMix64), so random tests can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
