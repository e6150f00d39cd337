/// The Requests screen: the gateway's request log, newest first, and one request's attempts in an overlay.
extension Update {
    /// Keys on the list: move, Enter opens the request, `r` refreshes; Tab, `?` and `q` as on every list.
    static func pressInRequests(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let selected = selection(after: key, from: state.selectedRequest, count: state.requests.count) {
            state.selectedRequest = selected
            return []
        }
        switch key {
        case .enter:
            guard state.requests.indices.contains(state.selectedRequest) else { return [] }
            let chosen = state.requests[state.selectedRequest]
            state.overlay = .request(chosen)
            return [.loadRequest(id: chosen.id)]
        case .character("r"):
            return reloadRequests(&state)
        default:
            return pressInAnyList(key, next: .admin, &state)
        }
    }

    /// Asks for the latest requests again.
    static func reloadRequests(_ state: inout AppState) -> [Effect] {
        state.loadingRequests = true
        return [.loadRequests]
    }

    /// The list replaces the old one; a refusal (a non-admin's 403) shows its message in its place.
    static func requestsLoaded(_ result: Result<[LoggedRequest], ClientError>, _ state: inout AppState) {
        state.loadingRequests = false
        if let requests = tableLoaded(result, &state, rows: \.requests, error: \.requestsError, cursor: \.selectedRequest) {
            inform(&state, requests.isEmpty ? "No requests logged yet." : "\(requests.count) request\(requests.count == 1 ? "" : "s"), newest first")
        }
    }

    /// The request's own answer replaces the listed one in its overlay, if that is still open.
    static func requestLoaded(id: String, _ result: Result<LoggedRequest, ClientError>, _ state: inout AppState) {
        guard case .request(let shown) = state.overlay, shown.id == id else { return }
        switch result {
        case .success(let request): state.overlay = .request(request)
        case .failure(let error): fail(&state, error)
        }
    }
}
