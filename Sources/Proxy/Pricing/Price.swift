/// What one model costs, in USD. Text models are priced per million tokens; media models per image or per
/// second of video. A field that is `nil` is unknown, not free.
struct Price: Sendable, Equatable {
    var inputPerMTok: Double?
    var outputPerMTok: Double?
    var cachedPerMTok: Double?
    var perImage: Double?
    var perSecond: Double?

    /// The names used in the configuration file and the built-in table, in that order of the fields.
    static let fieldNames = ["input_per_mtok", "output_per_mtok", "cached_per_mtok", "per_image", "per_second"]

    /// A price from its fields by name; `nil` names a field that is not a price field.
    init(fields: [String: Double]) throws(PriceError) {
        for name in fields.keys where !Self.fieldNames.contains(name) {
            throw PriceError(field: name)
        }
        inputPerMTok = fields["input_per_mtok"]
        outputPerMTok = fields["output_per_mtok"]
        cachedPerMTok = fields["cached_per_mtok"]
        perImage = fields["per_image"]
        perSecond = fields["per_second"]
    }

    init(inputPerMTok: Double? = nil, outputPerMTok: Double? = nil, cachedPerMTok: Double? = nil, perImage: Double? = nil, perSecond: Double? = nil) {
        self.inputPerMTok = inputPerMTok
        self.outputPerMTok = outputPerMTok
        self.cachedPerMTok = cachedPerMTok
        self.perImage = perImage
        self.perSecond = perSecond
    }

    /// `self` with every field `other` knows replaced by `other`'s (a `prices:` entry over the built-in one).
    func overridden(by other: Price) -> Price {
        Price(
            inputPerMTok: other.inputPerMTok ?? inputPerMTok, outputPerMTok: other.outputPerMTok ?? outputPerMTok,
            cachedPerMTok: other.cachedPerMTok ?? cachedPerMTok, perImage: other.perImage ?? perImage, perSecond: other.perSecond ?? perSecond)
    }
}

/// A price entry with a field that is not one of `Price.fieldNames`.
struct PriceError: Error {
    let field: String
}
