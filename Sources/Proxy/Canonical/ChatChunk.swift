import PrismShared

/// One step of a chat answer in Prism's own words, whatever the upstream wire looked like: the internal
/// event vocabulary that the Responses (and later Anthropic) renderers are built on.
struct ChatChunk: Sendable, Equatable {
    /// A fragment of one tool call; `index` tells calls apart, `id` and `name` come with the first fragment.
    struct ToolCallDelta: Sendable, Equatable {
        var index: Int
        var id: String?
        var name: String?
        var arguments: String
    }

    struct Usage: Sendable, Equatable {
        var input: Int
        var output: Int
        var total: Int
        var reasoning: Int
        var cached: Int
    }

    var content: String?
    var reasoning: String?
    var toolCalls: [ToolCallDelta] = []
    var finishReason: String?
    var usage: Usage?

    init(content: String? = nil, reasoning: String? = nil, toolCalls: [ToolCallDelta] = [], finishReason: String? = nil, usage: Usage? = nil) {
        self.content = content
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// Reads a `chat.completion.chunk` (first choice) or, with `delta` set to `message`, a whole
    /// `chat.completion`.
    init(chunk json: JSONValue, deltaKey: String = "delta") {
        let choice = json["choices"]?.arrayValue?.first
        let delta = choice?[deltaKey]
        content = delta?["content"]?.stringValue
        reasoning = delta?["reasoning_content"]?.stringValue ?? delta?["reasoning"]?.stringValue
        toolCalls = (delta?["tool_calls"]?.arrayValue ?? []).enumerated().map { offset, call in
            ToolCallDelta(
                index: call["index"]?.intValue ?? offset, id: call["id"]?.stringValue, name: call["function"]?["name"]?.stringValue,
                arguments: call["function"]?["arguments"]?.stringValue ?? "")
        }
        finishReason = choice?["finish_reason"]?.stringValue
        if let usage = json["usage"], usage.objectValue != nil {
            let input = usage["prompt_tokens"]?.intValue ?? 0
            let output = usage["completion_tokens"]?.intValue ?? 0
            self.usage = Usage(
                input: input, output: output, total: usage["total_tokens"]?.intValue ?? input + output,
                reasoning: usage["completion_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0,
                cached: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0)
        }
    }

    var isEmpty: Bool {
        content == nil && reasoning == nil && toolCalls.isEmpty && finishReason == nil && usage == nil
    }
}

