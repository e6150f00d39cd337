import Foundation

/// Money and counts as the Keys and Usage screens show them.
extension View {
    /// "$5.00", "$0.0042" (a cent's fractions stay visible), "$0.00".
    static func usd(_ amount: Double) -> String {
        if amount != 0, abs(amount) < 0.01 { return String(format: "$%.4f", amount) }
        return String(format: "$%.2f", amount)
    }

    /// "12,345": thousands grouped.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// "12", "4.5": seconds of video.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    /// `text` right-aligned in `width` columns, then one space.
    static func right(_ text: String, _ width: Int) -> String {
        let cut = TextWidth.truncated(text, to: width - 1)
        return String(repeating: " ", count: max(width - 1 - TextWidth.of(cut), 0)) + cut + " "
    }

    /// `text` left-aligned in `width` columns, the last one a space.
    static func left(_ text: String, _ width: Int) -> String {
        TextWidth.padded(text, to: max(width - 1, 0)) + (width > 0 ? " " : "")
    }
}
