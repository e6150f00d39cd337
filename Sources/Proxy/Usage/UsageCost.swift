import Foundation
import HTTPTypes
import NIOCore
import PrismShared

/// What a request cost (SPEC §13), from the price table: media by the model that ran (`image/doubao`), text by
/// the target that answered (`groq/llama-3.3-70b-versatile`), so a route's request costs what its answering
/// target costs. The ledger, `usage.cost` in chat answers and `x-prism-cost-usd` all read it here.
struct UsageCost: Sendable {
    let prices: PriceTable

    /// The cost of a finished request's notes, and whether it was priced (a price and a usage report).
    func cost(of notes: UsageNotes.State, asked: String, decision: DecisionRecord.Snapshot) -> (usd: Double, priced: Bool) {
        if let model = notes.mediaModel ?? (asked.hasPrefix("image/") || asked.hasPrefix("video/") ? asked : nil) {
            guard notes.images > 0 || notes.videoSeconds > 0,
                  let usd = prices.estimatedCost(of: model, images: notes.images, seconds: notes.videoSeconds) else { return (0, false) }
            return (usd, true)
        }
        let usage = ChatChunk.Usage(input: notes.inputTokens, output: notes.outputTokens, total: notes.inputTokens + notes.outputTokens,
                                    reasoning: 0, cached: notes.cachedTokens)
        return text(usage, decision: decision).map { ($0, true) } ?? (0, false)
    }

    /// USD for a text answer's reported tokens at the target that answered, or `nil` without a price.
    func text(_ usage: ChatChunk.Usage, decision: DecisionRecord.Snapshot) -> Double? {
        guard let provider = decision.provider, let upstream = decision.model, usage.input + usage.output > 0 else { return nil }
        return prices.estimatedCost(of: "\(provider)/\(upstream)", inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cached)
    }

    /// A chat `usage` object with OpenRouter's `cost` (USD) added, when the answer's tokens have a price;
    /// the tokens are noted for the ledger and the cost for `x-prism-cost-usd`.
    func priced(usage object: JSONValue, decision: DecisionRecord?) -> JSONValue? {
        guard let decision, object.objectValue != nil, let usage = ChatChunk(chunk: ["usage": object]).usage else { return nil }
        decision.usage.tokens(fromUsage: usage)
        guard let usd = text(usage, decision: decision.snapshot) else { return nil }
        decision.costUSD(usd)
        var object = object
        object["cost"] = .number(usd)
        return object
    }

    /// `x-prism-cost-usd`'s value: a plain decimal (no exponent), to the millionth of a cent.
    static func header(_ usd: Double) -> String {
        var text = String(format: "%.8f", usd)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension HTTPField.Name {
    static let prismCostUSD = HTTPField.Name("x-prism-cost-usd")!
}
