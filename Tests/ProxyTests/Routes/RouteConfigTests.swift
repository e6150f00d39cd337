import Foundation
import Testing
@testable import Proxy

@Suite("The configuration file: routes and prices")
struct RouteConfigTests {
    static let providers: Set<String> = Set(ProviderProfile.builtIn.map(\.name))

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ConfigFile.parse(yaml, file: "prism.yaml", providers: providers)
            return []
        } catch let error as ConfigError {
            return error.description.split(separator: "\n").map(String.init)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("the SPEC's example file loads")
    func example() throws {
        let file = try ConfigFile.parse(
            """
            routes:
              fast:
                strategy: fallback
                targets:
                  - groq/llama-3.3-70b-versatile
                  - cerebras/llama-3.3-70b
                  - { model: openrouter/meta-llama/llama-3.3-70b-instruct, weight: 2 }
              picture:
                targets: [image/doubao, image/modelscope/Qwen/Qwen-Image]
            prices:
              groq/llama-3.3-70b-versatile: { input_per_mtok: 0.59, output_per_mtok: 0.79 }
              image/doubao: { per_image: 0.03 }
              video/doubao-seedance: { per_second: 0.05 }
            """, file: "prism.yaml", providers: Self.providers)
        let fast = try #require(file.routes.first { $0.name == "fast" })
        #expect(fast.strategy == .fallback && fast.targets.map(\.model) == ["groq/llama-3.3-70b-versatile", "cerebras/llama-3.3-70b", "openrouter/meta-llama/llama-3.3-70b-instruct"])
        #expect(fast.targets.last?.weight == 2)
        #expect(file.routes.first { $0.name == "picture" }?.mediaFamily == .image)
        #expect(file.prices["image/doubao"] == Price(perImage: 0.03))
        #expect(file.prices["groq/llama-3.3-70b-versatile"]?.outputPerMTok == 0.79)
    }

    @Test("each problem stops start-up with its own sentence", arguments: [
        ("routes:\n  fast:\n    targets: [nowhere/model]", "The target nowhere/model of route fast does not start with a known provider or family"),
        ("routes:\n  fast:\n    targets: [llama]", "The target llama of route fast does not start with a known provider or family"),
        ("routes:\n  groq:\n    targets: [cerebras/x]", "The route groq shadows the provider groq: rename it."),
        ("routes:\n  image/fast:\n    targets: [image/doubao]", "The route image/fast shadows the image/ models: rename it."),
        ("routes:\n  video/x:\n    targets: [video/doubao-seedance]", "The route video/x shadows the video/ models: rename it."),
        ("routes:\n  admin/magic:\n    targets: [groq/x]", "The route admin/magic shadows admin/magic: rename it."),
        ("routes:\n  my route:\n    targets: [groq/x]", "The route my route has a name that is not up to 100 letters, digits and punctuation without spaces"),
        ("routes:\n  a:\n    targets: [b]\n  b:\n    targets: [route/a]", "The route a has the target b, which is a route: a route's targets must be models, so routes cannot loop."),
        ("routes:\n  fast:\n    strategy: fastest\n    targets: [groq/x]", "The route fast has the strategy fastest, which is not one Prism knows: use fallback, round-robin, weighted, latency, cost."),
        ("routes:\n  fast:\n    targets: [{ model: groq/x, weight: 0 }]", "The target groq/x of route fast has the weight 0: use a whole number of at least 1."),
        ("routes:\n  fast:\n    targets: [{ model: groq/x, weight: heavy }]", "The target groq/x of route fast has the weight heavy: use a whole number of at least 1."),
        ("routes:\n  fast:\n    targets: []", "The route fast has no targets: list at least one model, such as groq/llama-3.3-70b-versatile."),
        ("routes:\n  mixed:\n    targets: [groq/x, image/doubao]", "The route mixed mixes image and text targets"),
        ("prices:\n  groq/x: { input_per_mtok: cheap }", "The price field input_per_mtok of groq/x is not a number of US dollars of at least 0"),
        ("prices:\n  groq/x: { input_per_mtok: -1 }", "The price field input_per_mtok of groq/x is not a number of US dollars of at least 0"),
        ("prices:\n  groq/x: { per_token: 1 }", "The price of groq/x has the unknown field per_token"),
        ("prices:\n  groq/x: 0.5", "The price of groq/x is not a mapping of fields"),
        ("models: []", "prism.yaml has the unknown top-level key models"),
        ("routes: [", "prism.yaml is not valid YAML"),
    ])
    func problem(yaml: String, sentence: String) {
        let problems = Self.problems(yaml)
        #expect(problems.contains { $0.hasPrefix(sentence) }, "\(problems)")
        #expect(problems.allSatisfy { !$0.contains("`") && $0.hasSuffix(".") })
    }

    @Test("several problems are all reported, one line each")
    func several() {
        let problems = Self.problems("routes:\n  groq:\n    targets: [nowhere/x]\n  b:\n    strategy: nope\n    targets: [groq/y]")
        #expect(problems.count == 3)
    }

    @Test("CONFIG_FILE names the file; a missing one stops start-up; routes and circuit settings reach the configuration")
    func environment() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prism-\(UUID().uuidString).yaml").path
        try "routes:\n  fast:\n    targets: [groq/x, cerebras/y]\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try GatewayConfig.load(environment: ["CONFIG_FILE": path, "ROUTE_MAX_TARGETS": "2", "CIRCUIT_FAILURES": "4", "CIRCUIT_OPEN_SECONDS": "9"])
        #expect(config.routes.map(\.name) == ["fast"])
        #expect(config.routeMaxTargets == 2 && config.circuitFailures == 4 && config.circuitOpenSeconds == 9)
        #expect(throws: ConfigError.self) { try GatewayConfig.load(environment: ["CONFIG_FILE": path + ".missing"]) }
        let defaults = try GatewayConfig.load(environment: [:])
        #expect(defaults.routeMaxTargets == 3 && defaults.circuitFailures == 5 && defaults.circuitOpenSeconds == 30)
    }

    @Test("the built-in price table ships in the bundle, with a checked date, and prices: override it field by field")
    func builtInPrices() throws {
        let table = try PriceTable.builtIn()
        #expect(!table.checked.isEmpty && table.checked != "unknown")
        for provider in ProviderProfile.builtIn.map(\.name) {
            #expect(table.hasPrices(forProvider: provider), "no price for any model of \(provider)")
        }
        #expect(table.price(for: "image/doubao")?.perImage != nil)
        #expect(table.price(for: "video/doubao-seedance")?.perSecond != nil)
        let merged = table.merging(["groq/llama-3.3-70b-versatile": Price(outputPerMTok: 9), "local/mine": Price(inputPerMTok: 0, outputPerMTok: 0)])
        #expect(merged.price(for: "groq/llama-3.3-70b-versatile")?.outputPerMTok == 9)
        #expect(merged.price(for: "groq/llama-3.3-70b-versatile")?.inputPerMTok == table.price(for: "groq/llama-3.3-70b-versatile")?.inputPerMTok)
        #expect(merged.estimatedCost(of: "local/mine", inputTokens: 1000, outputTokens: 1000) == 0)
        #expect(merged.estimatedCost(of: "nobody/knows", inputTokens: 1, outputTokens: 1) == nil)
    }
}
