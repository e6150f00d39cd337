/// Checks a prompt's flags against what one provider accepts: an unknown flag, or a value out of range or
/// not among the allowed ones, is an error naming the flag — never silently ignored.
public struct FlagValidator: Sendable {
    /// The model family the flags are for, as the user wrote it (`image/doubao`), for messages.
    public let model: String
    public let specs: [FlagSpec]
    /// Sizes the provider supports, for mapping `--ratio` to the nearest one.
    public let supportedSizes: [(width: Int, height: Int)]

    public init(model: String, specs: [FlagSpec], supportedSizes: [(width: Int, height: Int)] = []) {
        self.model = model
        self.specs = specs
        self.supportedSizes = supportedSizes
    }

    /// Flags every media model takes: `--new` (ignore earlier images).
    static let universal: Set<String> = ["new"]

    public func validate(_ flags: PromptFlags) throws(FlagError) -> ValidatedFlags {
        var result = ValidatedFlags()
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in flags.order {
            let raw = flags.values[name] ?? "true"
            if Self.universal.contains(name) {
                result.booleans[name] = try boolean(raw, flag: name)
                continue
            }
            guard let spec = byName[name] else {
                let accepted = specs.map { "--\($0.name)" }.joined(separator: ", ")
                throw FlagError(flag: name, message: "--\(name) is not a flag of \(model); it takes \(accepted.isEmpty ? "no flags" : accepted) (send /help for details).")
            }
            try apply(spec, raw, to: &result)
        }
        return result
    }

    private func invalid(_ spec: FlagSpec, _ raw: String) -> FlagError {
        FlagError(flag: spec.name, message: "--\(spec.name) must be \(spec.allowed), not \(raw).")
    }

    private func apply(_ spec: FlagSpec, _ raw: String, to result: inout ValidatedFlags) throws(FlagError) {
        switch spec.kind {
        case .integer(let range):
            guard let value = Int(raw) else { throw invalid(spec, raw) }
            if spec.name == "seed", value == -1 {
                result.randomSeed = true
                return
            }
            guard range.contains(value) else { throw invalid(spec, raw) }
            result.integers[spec.name] = value
        case .number(let range):
            guard let value = Double(raw), value.isFinite, range.contains(value) else { throw invalid(spec, raw) }
            result.numbers[spec.name] = value
        case .choice(let options):
            guard let match = options.first(where: { $0.lowercased() == raw.lowercased() }) else { throw invalid(spec, raw) }
            result.strings[spec.name] = match
        case .size(let range):
            let parts = raw.lowercased().split(separator: "x")
            guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), range.contains(width), range.contains(height) else {
                throw invalid(spec, raw)
            }
            result.width = width
            result.height = height
        case .ratio:
            let parts = raw.split(separator: ":")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), (1...100).contains(a), (1...100).contains(b) else {
                throw invalid(spec, raw)
            }
            result.ratio = "\(a):\(b)"
            if let nearest = nearestSize(to: Double(a) / Double(b)) {
                // A ratio no supported size comes within 10% of would be silently another picture.
                let off = abs(Double(nearest.width) / Double(nearest.height) / (Double(a) / Double(b)) - 1)
                guard off <= 0.10 else {
                    throw FlagError(flag: spec.name, message: "--ratio \(a):\(b) is not near any size \(model) makes: use one of \(supportedRatios.joined(separator: ", ")).")
                }
                if result.width == nil {
                    result.width = nearest.width
                    result.height = nearest.height
                }
            }
        case .boolean:
            result.booleans[spec.name] = try boolean(raw, flag: spec.name)
        case .text:
            guard !raw.isEmpty, raw != "true" else { throw invalid(spec, raw) }
            result.strings[spec.name] = raw
        }
    }

    private func boolean(_ raw: String, flag: String) throws(FlagError) -> Bool {
        switch raw.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw FlagError(flag: flag, message: "--\(flag) must be true or false, not \(raw).")
        }
    }

    /// The aspect ratios of the supported sizes, reduced (`1024x576` is `16:9`), each once, in the sizes' order.
    var supportedRatios: [String] {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var seen: [String] = []
        for size in supportedSizes {
            let divisor = max(gcd(size.width, size.height), 1)
            let ratio = "\(size.width / divisor):\(size.height / divisor)"
            if !seen.contains(ratio) { seen.append(ratio) }
        }
        return seen
    }

    /// The supported size whose aspect ratio is closest to `ratio` (compared on a log scale, so 2:1 and
    /// 1:2 are equally far from 1:1).
    public func nearestSize(to ratio: Double) -> (width: Int, height: Int)? {
        supportedSizes.min { lhs, rhs in
            abs(log(Double(lhs.width) / Double(lhs.height)) - log(ratio)) < abs(log(Double(rhs.width) / Double(rhs.height)) - log(ratio))
        }
    }

    /// The `/help` answer: each flag as `--name`, what it takes, its default, and an example prompt.
    public func helpText(example: String) -> String {
        var lines = ["**\(model)** — write your prompt and add flags anywhere in it.", ""]
        for spec in specs {
            var line = "- `--\(spec.name)` — \(spec.summary): \(spec.allowed)"
            if let value = spec.defaultValue { line += " (default \(value))" }
            lines.append(line)
        }
        lines.append("- `--new` — ignore earlier images of the conversation and start fresh")
        lines += ["", "Example: `\(example)`"]
        return lines.joined(separator: "\n")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
