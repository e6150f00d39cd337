/// How often the Providers screen asks again while it is shown.
enum ProvidersRefresh {
    static let seconds = 5
}

/// The Providers screen: each provider's keys, circuit, 5-minute window and last error, refreshed every
/// few seconds while it is shown. One refresh chain runs at a time: `providersGeneration` names it, and a
/// timer or an answer of an older chain is dropped.
extension Update {
    /// Keys on the table: `r` refreshes now; Tab, `?` and `q` as on every list.
    static func pressInProviders(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .character("r") { return reloadProviders(&state) }
        return pressInAnyList(key, next: .requests, &state)
    }

    /// Starts a new refresh chain with a load now; the older chain's timer and answer will be dropped.
    static func reloadProviders(_ state: inout AppState) -> [Effect] {
        state.providersGeneration += 1
        state.loadingProviders = true
        return [.loadProviders(generation: state.providersGeneration)]
    }

    /// The current chain's table replaces the old one (a refusal shows its message in its place) and its
    /// timer starts, while the screen is shown.
    static func providersLoaded(generation: Int, _ result: Result<[ProviderStatus], ClientError>, _ state: inout AppState) -> [Effect] {
        guard generation == state.providersGeneration else { return [] }
        state.loadingProviders = false
        tableLoaded(result, &state, rows: \.providers, error: \.providersError)
        return state.screen == .providers ? [.refreshProvidersLater(generation: generation)] : []
    }

    /// The current chain's timer ran out: ask again if the screen is still shown; otherwise the chain ends.
    static func providersRefreshDue(generation: Int, _ state: inout AppState) -> [Effect] {
        guard generation == state.providersGeneration, state.screen == .providers else { return [] }
        state.loadingProviders = true
        return [.loadProviders(generation: generation)]
    }
}
