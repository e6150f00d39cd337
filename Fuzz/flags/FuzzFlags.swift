// libFuzzer target `flags`: PromptFlags.parse and FlagValidator.validate on arbitrary prompts.
//
// Built in one module with Sources/Media/Flags/*.swift (see Fuzz/build.sh). The input is the prompt, as
// UTF-8 (invalid bytes become U+FFFD). Invariants:
// - parsing and validating are deterministic;
// - every flag name is canonical (aliases resolved), lower-case `[a-z][a-z0-9_]*`, listed once in `order`,
//   and has a value; the prompt has no spaces or tabs at its ends;
// - a validated value is what its spec allows (in range, one of the choices, a supported size, …), and an
//   error names a flag that was given.

let validators: [FlagValidator] = [
    FlagValidator(
        model: "image/fuzz",
        specs: [
            FlagSpec("size", .size(64...2048), "output size in pixels", default: "1024x1024"),
            FlagSpec("ratio", .ratio, "aspect ratio, mapped to the nearest supported size"),
            FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
            FlagSpec("steps", .integer(1...100), "inference steps", default: "30"),
            FlagSpec("guidance", .number(1.5...20), "guidance scale", default: "3.5"),
            FlagSpec("format", .choice(["url", "b64_json"]), "how the image is delivered", default: "url"),
            FlagSpec("negative", .text, "what the image should not show"),
        ],
        supportedSizes: [(1024, 1024), (1280, 720), (720, 1280), (1152, 864), (864, 1152), (1248, 832), (832, 1248)]),
    FlagValidator(model: "video/fuzz", specs: [
        FlagSpec("ratio", .choice(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"]), "aspect ratio", default: "16:9"),
        FlagSpec("duration", .integer(3...12), "length in seconds", default: "5"),
        FlagSpec("resolution", .choice(["480p", "720p", "1080p"]), "resolution", default: "720p"),
        FlagSpec("seed", .integer(0...2_147_483_647), "seed for repeatable results; -1 for random", default: "-1"),
        FlagSpec("camerafixed", .boolean, "keep the camera still", default: "false"),
        FlagSpec("repeat", .boolean, "use the input image as first and last frame"),
    ]),
    FlagValidator(model: "image/bare", specs: [FlagSpec("ratio", .ratio, "aspect ratio")]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlags(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parsed = PromptFlags.parse(text)
    guard PromptFlags.parse(text) == parsed else { fatalError("PromptFlags.parse is not deterministic") }
    check(parsed)
    for validator in validators {
        let first = Result { () throws(FlagError) in try validator.validate(parsed) }
        let second = Result { () throws(FlagError) in try validator.validate(parsed) }
        guard first == second else { fatalError("FlagValidator.validate is not deterministic") }
        switch first {
        case .success(let flags): check(flags, by: validator)
        case .failure(let error):
            guard parsed.order.contains(error.flag) else { fatalError("an error names \(error.flag), which was not given") }
        }
    }
    return 0
}

func check(_ parsed: PromptFlags) {
    guard Set(parsed.order).count == parsed.order.count, Set(parsed.order) == Set(parsed.values.keys) else {
        fatalError("order \(parsed.order) and values \(parsed.values.keys) do not name the same flags once each")
    }
    for name in parsed.order {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, ("a"..."z").contains(first),
              scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            fatalError("flag name \(name.debugDescription) is not [a-z][a-z0-9_]*")
        }
        guard PromptFlags.aliases[name] == nil else { fatalError("alias \(name) was not resolved") }
    }
    for edge in [parsed.prompt.first, parsed.prompt.last] where edge == " " || edge == "\t" {
        fatalError("prompt \(parsed.prompt.debugDescription) has spaces at its ends")
    }
}

func check(_ flags: ValidatedFlags, by validator: FlagValidator) {
    let specs = Dictionary(validator.specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for (name, value) in flags.integers {
        guard case .integer(let range) = specs[name]?.kind, range.contains(value) else { fatalError("--\(name) \(value) is out of range") }
    }
    for (name, value) in flags.numbers {
        guard case .number(let range) = specs[name]?.kind, value.isFinite, range.contains(value) else { fatalError("--\(name) \(value) is out of range") }
    }
    for (name, value) in flags.strings {
        switch specs[name]?.kind {
        case .choice(let options): guard options.contains(value) else { fatalError("--\(name) \(value) is not a choice") }
        case .text: guard !value.isEmpty, value != "true" else { fatalError("--\(name) has no text") }
        default: fatalError("--\(name) is not a string flag")
        }
    }
    for name in flags.booleans.keys where name != "new" {
        guard case .boolean = specs[name]?.kind else { fatalError("--\(name) is not a boolean flag") }
    }
    if let ratio = flags.ratio {
        let parts = ratio.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ (1...100).contains($0) }) else { fatalError("ratio \(ratio) is not A:B") }
    }
    if let width = flags.width, let height = flags.height {
        var sizeRange: ClosedRange<Int>?
        if case .size(let range) = specs["size"]?.kind { sizeRange = range }
        let supported = validator.supportedSizes.contains { $0.width == width && $0.height == height }
        let inRange = sizeRange.map { $0.contains(width) && $0.contains(height) } ?? false
        guard supported || inRange else { fatalError("size \(width)x\(height) is neither given in range nor supported") }
    } else if (flags.width == nil) != (flags.height == nil) {
        fatalError("a width without a height")
    }
}
