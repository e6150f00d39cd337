import Testing
@testable import TUI

@Suite("the Providers screen: keys, circuit, 5-minute window and last error, refreshed while shown")
struct ProvidersTests {
    static let forbidden = "Not allowed (403): GET /v1/admin/providers is for the admin only: present the PASSWORD key."

    /// The screen with three providers: one healthy, one with its circuit open, one without a key pool.
    static func providersState() -> AppState {
        var state = usageState()
        state.screen = .providers
        state.providersGeneration = 1
        state.providers = [
            ProviderStatus(id: "groq", kind: "text", keys: .init(usable: 2, cooling: 1, benched: 0), lastErrorStatus: 429,
                           lastError: "Rate limited upstream: retry after 20 seconds, and slow down please",
                           window5: .init(requests: 1200, errors: 3, p50Ms: 231.4, p95Ms: 910)),
            ProviderStatus(id: "openai", kind: "text", keys: .init(usable: 0, cooling: 0, benched: 2), circuit: "open", lastErrorStatus: nil,
                           lastError: "connection refused", window5: .init(requests: 4, errors: 4, p50Ms: 12, p95Ms: 30)),
            ProviderStatus(id: "doubao", kind: "image"),
        ]
        return state
    }

    @Test("the table: keys usable/cooling/benched, an open circuit in the error style, the last error cut to fit")
    func table() {
        let frame = View.render(Self.providersState(), width: 100, height: 8)
        #expect(frame.text == """
             Prism  Conversations  Media  Keys  Usage [Providers] Requests  Admin                       F1 help
             Providers · last 5 minutes · refreshed every 5 s
             Provider        Kind  Keys u/c/b Circuit     Req  Err p50 ms p95 ms Last error
             groq            text  2/1/0      closed    1,200    3    231    910 429 Rate limited upstream: ret…
             openai          text  0/0/2      open          4    4     12     30 connection refused
             doubao          image -          closed        0    0      -      -
            r refresh now · Tab requests · ? help · q quit

            """)
        // The circuit column starts after the provider (16), kind (6) and keys (11).
        #expect(frame.cell(x: 34, y: 4).style == .error && frame.cell(x: 34, y: 3).style == .plain)
    }

    @Test("Tab from Usage loads the providers; each answer starts one timer, and its end asks again")
    func refreshes() {
        var state = usageState()
        #expect(feed(&state, [.key(.tab)]) == [.loadProviders(generation: 1)] && state.screen == .providers)
        #expect(feed(&state, [.providersLoaded(generation: 1, .success([]))]) == [.refreshProvidersLater(generation: 1)])
        #expect(feed(&state, [.providersRefreshDue(generation: 1)]) == [.loadProviders(generation: 1)])
        #expect(feed(&state, [.providersLoaded(generation: 1, .success(Self.providersState().providers))]) == [.refreshProvidersLater(generation: 1)])
        #expect(state.providers.count == 3 && !state.loadingProviders)
    }

    @Test("leaving and coming back before the timer ends does not pile up timers: the old chain's are dropped")
    func reentering() {
        var state = usageState()
        feed(&state, [.key(.tab), .providersLoaded(generation: 1, .success([]))])  // chain 1's timer is running
        #expect(feed(&state, [.key(.tab)]) == [.loadRequests] && state.screen == .requests)
        // Round the screens back to Providers while chain 1's timer still runs.
        let around = feed(&state, Array(repeating: AppEvent.key(.tab), count: 6))
        #expect(state.screen == .providers && around.last == .loadProviders(generation: 2))
        #expect(around.filter { if case .loadProviders = $0 { true } else { false } }.count == 1)
        // Chain 1's timer ends now: nothing; chain 2 runs alone.
        #expect(feed(&state, [.providersRefreshDue(generation: 1)]).isEmpty)
        #expect(feed(&state, [.providersLoaded(generation: 2, .success([]))]) == [.refreshProvidersLater(generation: 2)])
        // `r` starts chain 3; chain 2's timer and a late answer of it are dropped.
        #expect(feed(&state, [.key(.character("r"))]) == [.loadProviders(generation: 3)])
        #expect(feed(&state, [.providersRefreshDue(generation: 2), .providersLoaded(generation: 2, .success(Self.providersState().providers))]).isEmpty)
        #expect(state.providers.isEmpty && state.loadingProviders)
        // A timer ending on another screen ends its chain.
        feed(&state, [.providersLoaded(generation: 3, .success([])), .key(.tab)])
        #expect(feed(&state, [.providersRefreshDue(generation: 3)]).isEmpty)
    }

    @Test("a non-admin's 403 shows in place of the table")
    func forbidden() {
        var state = Self.providersState()
        state.providers = []
        feed(&state, [.providersLoaded(generation: 1, .failure(ClientError(Self.forbidden)))])
        let frame = View.render(state, width: 80, height: 5)
        #expect(frame.text.split(separator: "\n")[2] == " " + TextWidth.truncated(Self.forbidden, to: 79))
        #expect(state.statusIsError && frame.cell(x: 1, y: 2).style == .error)
    }
}
