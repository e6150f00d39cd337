import Foundation
import Yams

/// The configuration file (`CONFIG_FILE`, default `prism.yaml` in the working directory when present):
/// the things that are lists — `routes:` and `prices:` (SPEC §12). Everything is checked at start-up, and
/// every problem found is one sentence of the `ConfigError` that stops it.
struct ConfigFile: Sendable {
    var routes: [RouteDefinition] = []
    var prices: [String: Price] = [:]

    /// The file's contents, or an empty file when none is configured and `prism.yaml` is absent.
    static func load(environment env: [String: String], providers: Set<String>) throws -> ConfigFile {
        let path: String
        if let named = env["CONFIG_FILE"].nonEmpty {
            path = named
        } else if FileManager.default.fileExists(atPath: "prism.yaml") {
            path = "prism.yaml"
        } else {
            return ConfigFile()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(description: "CONFIG_FILE names \(path), which cannot be read: create it (see prism.yaml.example) or unset CONFIG_FILE.")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, providers: providers)
    }

    /// Parses and validates YAML text; `file` names it in the sentences.
    static func parse(_ text: String, file: String, providers: Set<String>) throws -> ConfigFile {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            // Yams describes the problem on its first line and quotes the file below it; the first line is enough.
            let problem = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
            let plain = problem.replacingOccurrences(of: "error: ", with: "").replacingOccurrences(of: "`", with: "'").trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            throw ConfigError(description: "\(file) is not valid YAML (at \(plain.prefix(200))): fix it, or compare it with prism.yaml.example.")
        }
        guard let root else { return ConfigFile() }
        guard let top = root as? [String: Any] else {
            throw ConfigError(description: "\(file) must be a mapping with routes: and prices: at the top level.")
        }
        var problems: [String] = []
        for key in top.keys.sorted() where key != "routes" && key != "prices" {
            problems.append("\(file) has the unknown top-level key \(key): only routes and prices are read from it.")
        }
        var file = ConfigFile()
        var validator = RouteValidator(providers: providers)
        file.routes = validator.routes(top["routes"])
        problems += validator.problems
        file.prices = prices(top["prices"], problems: &problems)
        guard problems.isEmpty else {
            throw ConfigError(description: problems.joined(separator: "\n"))
        }
        return file
    }

    private static func prices(_ raw: Any?, problems: inout [String]) -> [String: Price] {
        guard let raw else { return [:] }
        guard let entries = raw as? [String: Any] else {
            problems.append("prices must map model names to prices, as in groq/llama-3.3-70b-versatile: { input_per_mtok: 0.59, output_per_mtok: 0.79 }.")
            return [:]
        }
        var prices: [String: Price] = [:]
        for (model, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard let fields = value as? [String: Any], !fields.isEmpty else {
                problems.append("The price of \(model) is not a mapping of fields: write it as { input_per_mtok: 0.59, output_per_mtok: 0.79 } or { per_image: 0.03 }.")
                continue
            }
            var numbers: [String: Double] = [:]
            var fine = true
            for (name, number) in fields.sorted(by: { $0.key < $1.key }) {
                guard let number = Self.number(number), number >= 0, number.isFinite else {
                    problems.append("The price field \(name) of \(model) is not a number of US dollars of at least 0: write it as a plain number such as 0.59.")
                    fine = false
                    continue
                }
                numbers[name] = number
            }
            do {
                let price = try Price(fields: numbers)
                if fine { prices[model] = price }
            } catch {
                problems.append("The price of \(model) has the unknown field \(error.field): use \(Price.fieldNames.joined(separator: ", ")).")
            }
        }
        return prices
    }

    static func number(_ value: Any) -> Double? {
        if let value = value as? Int { return Double(value) }
        if let value = value as? Double { return value }
        return nil
    }
}
