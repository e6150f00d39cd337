/// One flag a media provider accepts, with its range or choices, for validation and `/help`.
public struct FlagSpec: Sendable {
    public enum Kind: Sendable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case choice([String])
        /// `WxH` within these pixel bounds per side.
        case size(ClosedRange<Int>)
        /// `A:B`.
        case ratio
        case boolean
        case text
    }

    public let name: String
    public let kind: Kind
    public let summary: String
    public let defaultValue: String?

    public init(_ name: String, _ kind: Kind, _ summary: String, default defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.defaultValue = defaultValue
    }

    /// What a valid value looks like, for help texts and error messages.
    public var allowed: String {
        switch kind {
        case .integer(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number(let range): return "a number from \(range.lowerBound) to \(range.upperBound)"
        case .choice(let options): return "one of \(options.joined(separator: ", "))"
        case .size(let range): return "WxH, each side from \(range.lowerBound) to \(range.upperBound) pixels"
        case .ratio: return "A:B, such as 16:9"
        case .boolean: return "true or false"
        case .text: return "a word or a \"quoted text\""
        }
    }
}

/// A flag that cannot be used as given; `message` names it and says what is allowed.
public struct FlagError: Error, Sendable, Equatable {
    public let flag: String
    public let message: String
}

/// The validated flags of one request, typed.
public struct ValidatedFlags: Sendable, Equatable {
    public var integers: [String: Int] = [:]
    public var numbers: [String: Double] = [:]
    public var strings: [String: String] = [:]
    public var booleans: [String: Bool] = [:]
    /// From `--size`, or the supported size nearest to `--ratio`.
    public var width: Int?
    public var height: Int?
    /// `--ratio` as given (`16:9`), for providers that take a ratio rather than a size.
    public var ratio: String?
    /// `--seed -1` was given: the provider's own random seed.
    public var randomSeed = false

    public init() {}
}
