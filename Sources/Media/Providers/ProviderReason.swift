/// A provider's own reason, made fit for the one sentence a person reads (SPEC §5, failure wording): one
/// line, no backticks, no trailing full stop (the caller ends the sentence), and not endless.
func plainReason(_ raw: String?, fallback: String = "no reason given", limit: Int = 240) -> String {
    let words = (raw ?? "").replacingOccurrences(of: "`", with: "'").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    var text = words.count > limit ? String(words.prefix(limit)) + "…" : words
    while let last = text.last, last == "." || last == ";" || last == ":" || last == "," { text.removeLast() }
    return text.isEmpty ? fallback : text
}

extension MediaProviderError {
    /// The provider's content filter refused the prompt, an input image or the result.
    static func contentFilter(_ provider: String, _ reason: String?) -> MediaProviderError {
        MediaProviderError("\(provider)'s content filter refused this request (\(plainReason(reason, fallback: "no details given")))")
    }

    /// A task the provider ended as failed, with its reason (worded so that "The job … failed:" before it
    /// does not say failed twice).
    static func failed(_ provider: String, _ reason: String?) -> MediaProviderError {
        MediaProviderError("\(provider) could not make it: \(plainReason(reason))")
    }

    /// An HTTP answer that is not the expected one.
    static func answered(_ provider: String, _ status: Int, _ reason: String?) -> MediaProviderError {
        MediaProviderError("\(provider) answered \(status): \(plainReason(reason))")
    }
}
