import PrismShared

/// A rough size of a text request, for the `cost` strategy and dry runs: about four bytes a token for the
/// input, and the requested output limit (or a typical answer's length) for the output. Not a tokenizer.
struct TokenEstimate: Sendable, Equatable {
    var input: Int
    var output: Int

    /// Output assumed when the request sets no limit.
    static let typicalOutput = 512

    init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    init(chatBody body: JSONObject) {
        let messages = body["messages"]?.serialized().utf8.count ?? 0
        let tools = body["tools"]?.serialized().utf8.count ?? 0
        input = (messages + tools + 3) / 4
        output = body["max_completion_tokens"]?.intValue ?? body["max_tokens"]?.intValue ?? Self.typicalOutput
    }
}
