/// The client's logic: an event and the state in, the state changed and the work to do out. Pure: no
/// terminal, no network, no clock.
enum Update {
    /// What to do when the client starts.
    static func start(_ state: inout AppState) -> [Effect] {
        state.loadingConversations = true
        state.status = "Loading conversations from \(state.gatewayURL)…"
        return [.loadConversations, .loadModels]
    }

    static func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .key(let key):
            return press(key, &state)
        case .tick(let now):
            state.now = now
            return []
        case .resized(let width, let height):
            (state.width, state.height) = (width, height)
            return []
        case .conversationsLoaded(let result):
            state.loadingConversations = false
            loaded(result, into: \.conversations, selection: \.selectedConversation, noun: "conversation", empty: "No conversations yet: press n to start one.", &state)
            return []
        case .conversationLoaded(let leafID, let result):
            guard leafID == state.openLeafID else { return [] }
            switch result {
            case .success(let turns):
                state.turns = turns
                state.selectedTurn = nil
                state.scroll = 0
                inform(&state, "Type and press Enter to continue; ↑/↓ picks the turn to continue from; Esc goes back.")
                return requestInlineImages(&state)
            case .failure(let error):
                fail(&state, error)
                return []
            }
        case .modelsLoaded(let result):
            switch result {
            case .success(let models): state.models = models
            case .failure(let error): fail(&state, error)
            }
            return []
        case .mediaLoaded(let result):
            loaded(result, into: \.media, selection: \.selectedMedia, noun: "file", empty: "No media yet: ask an image/… model for a picture.", &state)
            return []
        case .previewLoaded(let id, let result):
            guard case .preview(let item) = state.overlay, item.id == id else { return [] }
            switch result {
            case .success(let image):
                state.preview = image
                state.previewMessage = nil
            case .failure(let error):
                state.previewMessage = error.message
            }
            return []
        case .inlineImageLoaded(let id, let result):
            inlineImageLoaded(id, result, &state)
            return []
        case .openFailed(let error):
            fail(&state, error)
            return []
        case .adminAnswered(let result):
            state.adminBusy = false
            switch result {
            case .success(let answer):
                state.adminAnswer = answer
                state.adminScroll = 0
                inform(&state, "")
            case .failure(let error):
                fail(&state, error)
            }
            return []
        case .keysLoaded(let result):
            keysLoaded(result, &state)
            return []
        case .keyCreated(let result):
            return keyCreated(result, &state)
        case .usageLoaded(let grouping, let period, let result):
            usageLoaded(grouping: grouping, period: period, result, &state)
            return []
        case .providersLoaded(let generation, let result):
            return providersLoaded(generation: generation, result, &state)
        case .providersRefreshDue(let generation):
            return providersRefreshDue(generation: generation, &state)
        case .requestsLoaded(let result):
            requestsLoaded(result, &state)
            return []
        case .requestLoaded(let id, let result):
            requestLoaded(id: id, result, &state)
            return []
        case .deleted(let result):
            switch result {
            case .success(let message):
                inform(&state, message)
                switch state.screen {
                case .media: return [.loadMedia]
                case .keys: return reloadKeys(&state)
                default: return [.loadConversations]
                }
            case .failure(let error):
                fail(&state, error)
                return []
            }
        case .jobChanged(let job):
            guard case .job(let shown) = state.overlay, shown.id == job.id else { return [] }
            state.overlay = .job(job)
            return []
        case .jobFollowFailed(let id, let error):
            guard case .job(let shown) = state.overlay, shown.id == id else { return [] }
            fail(&state, error)
            return []
        case .stream(let event):
            return stream(event, &state)
        }
    }

    /// Keys that mean the same everywhere come first; then the overlay, then the screen.
    private static func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .control("c") {
            state.quitting = true
            return state.streaming ? [.stopStream, .quit] : [.quit]
        }
        // Help would replace the secret's overlay and lose the secret unseen.
        if key == .f1, case .createdKey = state.overlay { return [] }
        if key == .f1 {
            state.overlay = state.overlay == .help ? nil : .help
            return []
        }
        if let overlay = state.overlay { return pressInOverlay(overlay, key, &state) }
        switch state.screen {
        case .conversations: return pressInList(key, &state)
        case .conversation: return pressInConversation(key, &state)
        case .media: return pressInMedia(key, &state)
        case .keys: return pressInKeys(key, &state)
        case .usage: return pressInUsage(key, &state)
        case .providers: return pressInProviders(key, &state)
        case .requests: return pressInRequests(key, &state)
        case .admin: return pressInAdmin(key, &state)
        }
    }

    private static func pressInOverlay(_ overlay: AppState.Overlay, _ key: Key, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .help:
            state.overlay = nil
            return []
        case .confirmDelete:
            state.overlay = nil
            guard key == .character("y") || key == .character("Y") else {
                inform(&state, "Nothing deleted.")
                return []
            }
            return confirmedDelete(&state)
        case .modelPicker(let selected):
            return pickModel(key, selected: selected, &state)
        case .request:
            if key == .escape || key == .enter || key == .character("q") || key == .backspace { state.overlay = nil }
            return []
        case .job:
            if key == .escape || key == .enter || key == .character("q") || key == .backspace { state.overlay = nil }
            return []
        case .preview:
            if key == .escape || key == .enter || key == .character("q") || key == .backspace {
                state.overlay = nil
                state.preview = nil
                state.previewMessage = nil
            }
            return []
        case .newKey(let form):
            return pressInKeyForm(form, key, &state)
        case .createdKey:
            return pressInCreatedKey(key, &state)
        case .confirmRevoke(let id, let name):
            return pressInConfirmRevoke(id: id, name: name, key, &state)
        }
    }

    /// A list arrived: it replaces the old one, the selection stays within it, the status counts it.
    private static func loaded<Item>(
        _ result: Result<[Item], ClientError>, into list: WritableKeyPath<AppState, [Item]>, selection: WritableKeyPath<AppState, Int>,
        noun: String, empty: String, _ state: inout AppState
    ) {
        switch result {
        case .success(let items):
            state[keyPath: list] = items
            state[keyPath: selection] = min(state[keyPath: selection], max(items.count - 1, 0))
            inform(&state, items.isEmpty ? empty : "\(items.count) \(noun)\(items.count == 1 ? "" : "s")")
        case .failure(let error):
            fail(&state, error)
        }
    }

    /// A screen's table arrived — it replaces the old one, with its cursor kept in range — or was refused:
    /// then the message stands in the table's place and in the status line. Answers the rows that came.
    @discardableResult
    static func tableLoaded<Row>(
        _ result: Result<[Row], ClientError>, _ state: inout AppState,
        rows: WritableKeyPath<AppState, [Row]>, error: WritableKeyPath<AppState, String?>, cursor: WritableKeyPath<AppState, Int>? = nil
    ) -> [Row]? {
        switch result {
        case .success(let loaded):
            state[keyPath: rows] = loaded
            state[keyPath: error] = nil
            if let cursor { state[keyPath: cursor] = min(state[keyPath: cursor], max(loaded.count - 1, 0)) }
            return loaded
        case .failure(let failure):
            state[keyPath: rows] = []
            state[keyPath: error] = failure.message
            fail(&state, failure)
            return nil
        }
    }

    static func inform(_ state: inout AppState, _ message: String) {
        state.status = message
        state.statusIsError = false
    }

    static func fail(_ state: inout AppState, _ error: ClientError) {
        state.status = error.message
        state.statusIsError = true
    }

    /// Moves a selection by `delta` within `0..<count`.
    static func moved(_ index: Int, by delta: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        return min(max(index + delta, 0), count - 1)
    }
}
