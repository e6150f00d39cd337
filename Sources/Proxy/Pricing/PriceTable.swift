import Foundation
import PrismShared

/// What models cost: the built-in table (`prices.json`, a resource of this target) with the configuration
/// file's `prices:` over it. Keys are full model names as clients send them (`groq/llama-3.3-70b-versatile`,
/// `image/doubao`). Usage and budgets read it through `price(for:)` and `estimatedCost`.
///
/// ```swift
/// let table = try PriceTable.builtIn().merging(config.prices)
/// let usd = table.estimatedCost(of: "groq/llama-3.1-8b-instant", inputTokens: 1200, outputTokens: 300)
/// ```
struct PriceTable: Sendable {
    /// The day the built-in prices were last compared with the providers' pages.
    let checked: String
    private let entries: [String: Price]

    init(checked: String, entries: [String: Price]) {
        self.checked = checked
        self.entries = entries
    }

    /// The table that ships inside the binary.
    /// SwiftPM puts it in `Prism_Proxy.resources` beside the binary. On Linux `Bundle.module` stops the
    /// process when that folder is missing, so its presence is checked first and a missing one is a sentence.
    static func builtIn() throws -> PriceTable {
        #if os(Linux)
        let beside = Bundle.main.bundleURL.appendingPathComponent(resourceFolder)
        guard FileManager.default.fileExists(atPath: beside.path) else {
            throw PriceTableError(
                description: "The built-in price table is missing: copy the \(resourceFolder) folder from .build/release next to the prism binary (\(beside.path)).")
        }
        #endif
        guard let url = Bundle.module.url(forResource: "prices", withExtension: "json") else {
            throw PriceTableError(description: "The built-in price table (prices.json) is missing from \(resourceFolder): reinstall Prism.")
        }
        return try parse(Data(contentsOf: url))
    }

    /// The resource folder SwiftPM builds for this target; it must travel with the `prism` binary.
    static let resourceFolder = "Prism_Proxy.resources"

    static func parse(_ data: Data) throws -> PriceTable {
        guard let json = try? JSONValue.parse(String(decoding: data, as: UTF8.self)), let models = json["models"]?.objectValue else {
            throw PriceTableError(description: "The built-in price table (prices.json) is not the expected JSON object: reinstall Prism.")
        }
        var entries: [String: Price] = [:]
        for (model, value) in models.members {
            var fields: [String: Double] = [:]
            for (name, number) in value.objectValue?.members ?? [] {
                if let number = number.doubleValue { fields[name] = number }
            }
            entries[model] = try? Price(fields: fields)
        }
        return PriceTable(checked: json["checked"]?.stringValue ?? "unknown", entries: entries)
    }

    /// The table with `overrides` over it: a field an override names replaces the built-in one.
    func merging(_ overrides: [String: Price]) -> PriceTable {
        var entries = self.entries
        for (model, price) in overrides {
            entries[model] = entries[model].map { $0.overridden(by: price) } ?? price
        }
        return PriceTable(checked: checked, entries: entries)
    }

    /// The price of a full model name, or `nil` when the table does not know it.
    func price(for model: String) -> Price? {
        entries[model]
    }

    /// Whether any model of `provider` (a text provider's prefix) has a price.
    func hasPrices(forProvider provider: String) -> Bool {
        entries.keys.contains { $0.hasPrefix(provider + "/") }
    }

    /// USD for a text request's tokens, or `nil` without a price for both directions.
    func estimatedCost(of model: String, inputTokens: Int, outputTokens: Int, cachedTokens: Int = 0) -> Double? {
        guard let price = entries[model], let input = price.inputPerMTok, let output = price.outputPerMTok else { return nil }
        let cached = price.cachedPerMTok ?? input
        let fresh = max(0, inputTokens - cachedTokens)
        return (Double(fresh) * input + Double(cachedTokens) * cached + Double(outputTokens) * output) / 1_000_000
    }

    /// USD for media: `images` images, or `seconds` of video.
    func estimatedCost(of model: String, images: Int = 0, seconds: Double = 0) -> Double? {
        guard let price = entries[model] else { return nil }
        if images > 0, let each = price.perImage { return Double(images) * each }
        if seconds > 0, let each = price.perSecond { return seconds * each }
        return nil
    }
}

/// The built-in table could not be read; `description` is the sentence start-up prints.
struct PriceTableError: Error, CustomStringConvertible {
    let description: String
}
