import PrismShared

/// The sampling and length fields of the OpenAI shapes that Prism checks before calling anyone, so a
/// typo is a 400 that names the field rather than an upstream's puzzling answer.
enum NumericField: Sendable {
    case number(String, ClosedRange<Double>)
    /// A whole number of at least `minimum`.
    case count(String, minimum: Int, maximum: Int = Int.max)

    static let temperature = NumericField.number("temperature", 0...2)
    static let topP = NumericField.number("top_p", 0...1)

    /// Checks each field that is present and not null.
    static func check(_ body: JSONObject, _ fields: [NumericField]) throws(GatewayError) {
        for field in fields {
            switch field {
            case .number(let name, let range):
                guard let value = body[name], !value.isNull else { continue }
                guard let number = value.doubleValue, range.contains(number) else {
                    throw .invalidField(name, "must be a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
                }
            case .count(let name, let minimum, let maximum):
                guard let value = body[name], !value.isNull else { continue }
                guard let count = value.intValue, count >= minimum, count <= maximum else {
                    let bound = maximum == Int.max ? "of at least \(minimum)" : "from \(minimum) to \(maximum)"
                    throw .invalidField(name, "must be a whole number \(bound)")
                }
            }
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
