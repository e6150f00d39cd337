@testable import TUI

/// A state with two conversations (one of them titled with wide characters), as after loading.
func listState() -> AppState {
    var state = AppState(gatewayURL: "http://127.0.0.1:8787")
    state.now = 10_000
    state.conversations = [
        ConversationSummary(id: "resp_b", rootID: "resp_a", leafID: "resp_b", turns: 2, title: "Plan a trip to 東京", model: "groq/llama", updatedAt: 9_700),
        ConversationSummary(id: "resp_c", rootID: "resp_c", leafID: "resp_c", turns: 1, title: "Haiku about rain", model: "openai/gpt-4o", updatedAt: 3_000),
    ]
    return state
}

/// A state showing an open conversation of two stored turns.
func conversationState() -> AppState {
    var state = listState()
    state.screen = .conversation
    state.openLeafID = "resp_b"
    state.turns = [
        Turn(id: "resp_a", model: "groq/llama", user: "Plan a trip", assistant: "# Day 1\n- Shinjuku\n- Shibuya"),
        Turn(id: "resp_b", model: "groq/llama", user: "And day 2?", assistant: "Asakusa."),
    ]
    state.models = ["groq/llama", "openai/gpt-4o"]
    return state
}

/// Feeds events in turn and collects every effect.
@discardableResult
func feed(_ state: inout AppState, _ events: [AppEvent]) -> [Effect] {
    events.flatMap { Update.update(&state, $0) }
}

func keys(_ text: String) -> [AppEvent] {
    text.map { .key(.character($0)) }
}

/// The Keys screen with two keys, the first selected, as after loading (2026-12-06 12:00 UTC, a Sunday).
func keysState() -> AppState {
    var state = AppState(gatewayURL: "http://127.0.0.1:8787")
    state.now = 1_796_558_400
    state.screen = .keys
    state.keys = [
        ManagedKey(id: "key_ci", name: "ci", hint: "sk-prism-…abcd", models: ["groq/*", "image/*"], budgetUSD: 5, budgetPeriod: "day", rpm: 60, spendUSD: 1.25),
        ManagedKey(id: "key_old", name: "old laptop", hint: "sk-prism-…wxyz", spendUSD: 0.0042, disabled: true),
    ]
    return state
}

/// The Usage screen by model, today, with two groups.
func usageState() -> AppState {
    var state = keysState()
    state.screen = .usage
    state.usage = [
        UsageRow(group: "groq/llama", requests: 1200, errors: 3, inputTokens: 45_000, outputTokens: 12_345, costUSD: 0.75),
        UsageRow(group: "image/doubao", requests: 4, images: 4, costUSD: 0.12),
    ]
    return state
}

/// Every string a value holds, found through its mirror (which ignores a redacting `description`).
func strings(in value: Any) -> [String] {
    if let string = value as? String { return [string] }
    return Mirror(reflecting: value).children.flatMap { strings(in: $0.value) }
}
