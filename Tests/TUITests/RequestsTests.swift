import Testing
@testable import TUI

@Suite("the Requests screen: the log newest first, one request's attempts in an overlay")
struct RequestsTests {
    static let forbidden = "Not allowed (403): The request log is for the admin only: present the PASSWORD key."

    static let failedOver = LoggedRequest(
        id: "req_2", createdAt: 1_796_558_403, surface: "chat", keyID: "key_ci", principal: "key:ci", model: "groq/llama", provider: "groq",
        upstreamModel: "llama-3.1-8b-instant", status: 200, latencyMs: 1234.4, ttfbMs: 310, inputTokens: 1200, outputTokens: 345, costUSD: 0.0042,
        attempts: [
            .init(provider: "groq", key: "gsk_…ood1", status: 429, durationMs: 120, error: "Rate limited"),
            .init(provider: "groq", key: "gsk_…ood2", status: 200, durationMs: 1100),
        ])

    /// The screen with two requests, the newest first and selected.
    static func requestsState() -> AppState {
        var state = keysState()
        state.screen = .requests
        state.requests = [
            failedOver,
            LoggedRequest(id: "req_1", createdAt: 1_796_558_000, surface: "responses", principal: "admin", model: "openai/gpt-4o", provider: "openai",
                          status: 502, errorCode: "upstream_error", latencyMs: 30,
                          attempts: [.init(provider: "openai", key: "sk-…wxyz", status: nil, durationMs: 30, error: "connection refused")]),
        ]
        return state
    }

    @Test("the list: time, status, model, provider, latency, tokens, cost; the selected row reversed")
    func list() {
        let frame = View.render(Self.requestsState(), width: 80, height: 6)
        #expect(frame.text == """
             Prism  Conversations  Media  Keys  Usage  Providers [Requests] Admin   F1 help
             Time     Status Model              Provider     Latency Tokens in/out     Cost
             12:00:03 200    groq/llama         groq        1,234 ms     1,200/345  $0.0042
             11:53:20 502    openai/gpt-4o      openai         30 ms           0/0    $0.00
            Enter attempts · r refresh · Tab admin · ? help · q quit

            """)
        #expect(frame.cell(x: 3, y: 2).style.reverse && frame.cell(x: 3, y: 3).style == .error)
    }

    @Test("Enter opens the request and asks for it; its answer fills the overlay with each attempt; Esc closes it")
    func detail() {
        var state = Self.requestsState()
        var listed = Self.failedOver
        listed.attempts = []
        state.requests[0] = listed
        #expect(feed(&state, [.key(.enter)]) == [.loadRequest(id: "req_2")] && state.overlay == .request(listed))
        feed(&state, [.requestLoaded(id: "req_1", .success(state.requests[1]))])  // not the one shown: dropped
        #expect(state.overlay == .request(listed))
        feed(&state, [.requestLoaded(id: "req_2", .success(Self.failedOver))])
        #expect(state.overlay == .request(Self.failedOver))
        let frame = View.render(state, width: 80, height: 24)
        #expect(frame.text == """
             Prism  Conversations  Media  Keys  Usage  Providers [Requests] Admin   F1 help
             Time     Status Model              Provider     Latency Tokens in/out     Cost
             12:00:03 200    groq/llama         groq        1,234 ms     1,200/345  $0.0042
             11:53:20 502 ┌─ Request ────────────────────────────────────────┐ 0/0    $0.00
                          │ id        req_2                                  │
                          │ time      12:00:03 UTC · chat                    │
                          │ key       key_ci · key:ci                        │
                          │ model     groq/llama → groq llama-3.1-8b-instant │
                          │ status    200                                    │
                          │ latency   1,234 ms (first byte 310 ms)           │
                          │ tokens    1,200 in · 345 out · $0.0042           │
                          │                                                  │
                          │ Attempts (2):                                    │
                          │ 1. groq  gsk_…ood1  429  120 ms                  │
                          │    Rate limited                                  │
                          │ 2. groq  gsk_…ood2  200  1,100 ms                │
                          │                                                  │
                          │ Esc closes                                       │
                          └──────────────────────────────────────────────────┘



            Enter attempts · r refresh · Tab admin · ? help · q quit

            """)
        feed(&state, [.key(.escape)])
        #expect(state.overlay == nil && state.screen == .requests)
    }

    @Test("Tab goes usage → providers → requests → admin; a non-admin's 403 shows in place of the list")
    func forbidden() {
        var state = usageState()
        #expect(feed(&state, [.key(.tab)]) == [.loadProviders(generation: 1)])
        #expect(feed(&state, [.key(.tab)]) == [.loadRequests] && state.screen == .requests && state.loadingRequests)
        feed(&state, [.requestsLoaded(.failure(ClientError(Self.forbidden)))])
        let frame = View.render(state, width: 100, height: 5)
        #expect(frame.text.split(separator: "\n")[1] == " " + Self.forbidden)
        #expect(state.statusIsError && frame.cell(x: 1, y: 1).style == .error && !state.loadingRequests)
        #expect(feed(&state, [.key(.enter)]).isEmpty && state.overlay == nil)
        #expect(feed(&state, [.key(.tab)]).isEmpty && state.screen == .admin)
    }
}
