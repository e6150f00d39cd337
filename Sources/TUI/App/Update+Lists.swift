import Foundation

/// Keys on the conversation list, the media gallery and the admin console; screens switch here.
extension Update {
    static func pressInList(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.filtering {
            switch key {
            case .enter: state.filtering = false
            case .escape:
                state.filtering = false
                state.filter = ""
            case .backspace: _ = state.filter.popLast()
            case .character(let character): state.filter.append(character)
            default: break
            }
            state.selectedConversation = min(state.selectedConversation, max(state.visibleConversations.count - 1, 0))
            return []
        }
        let visible = state.visibleConversations
        if let selected = selection(after: key, from: state.selectedConversation, count: visible.count) {
            state.selectedConversation = selected
            return []
        }
        switch key {
        case .character("/"):
            state.filtering = true
        case .enter:
            guard visible.indices.contains(state.selectedConversation) else { return [] }
            let conversation = visible[state.selectedConversation]
            openConversation(leafID: conversation.leafID, &state)
            inform(&state, "Loading “\(conversation.cleanTitle)”…")
            return [.loadConversation(leafID: conversation.leafID)]
        case .character("n"):
            openConversation(leafID: nil, &state)
            inform(&state, state.sendModel.map { "New conversation with \($0); Ctrl-O picks another model." } ?? "Pick a model with Ctrl-O.")
            return state.models.isEmpty ? [.loadModels] : []
        case .character("d"):
            guard visible.indices.contains(state.selectedConversation) else { return [] }
            state.overlay = .confirmDelete("Delete the conversation “\(visible[state.selectedConversation].cleanTitle)”?")
        case .character("r"):
            state.loadingConversations = true
            return [.loadConversations]
        default:
            return pressInAnyList(key, next: .media, &state)
        }
        return []
    }

    static func pressInMedia(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let selected = selection(after: key, from: state.selectedMedia, count: state.media.count) {
            state.selectedMedia = selected
            return []
        }
        switch key {
        case .enter:
            guard state.media.indices.contains(state.selectedMedia) else { return [] }
            let item = state.media[state.selectedMedia]
            guard item.kind == "image" else {
                inform(&state, "Videos are not drawn here; press o for the link and open it in a browser or player.")
                return []
            }
            state.overlay = .preview(item)
            state.preview = nil
            state.previewMessage = "Loading the image…"
            return [.loadPreview(item)]
        case .character("o"):
            guard state.media.indices.contains(state.selectedMedia) else { return [] }
            inform(&state, state.media[state.selectedMedia].url)
        case .character("d"):
            guard state.media.indices.contains(state.selectedMedia) else { return [] }
            state.overlay = .confirmDelete("Delete \(state.media[state.selectedMedia].kind) “\(state.media[state.selectedMedia].prompt)”?")
        case .character("w"):
            guard state.media.indices.contains(state.selectedMedia) else { return [] }
            guard let jobID = state.media[state.selectedMedia].jobID else {
                inform(&state, "This item was uploaded, not made by a job.")
                return []
            }
            state.overlay = .job(JobSnapshot(id: jobID))
            return [.followJob(id: jobID)]
        case .character("r"):
            return [.loadMedia]
        default:
            return pressInAnyList(key, next: .keys, &state)
        }
        return []
    }

    /// The selection after a moving key (arrows, j/k, pages, Home/End), or `nil` for other keys.
    static func selection(after key: Key, from index: Int, count: Int) -> Int? {
        switch key {
        case .up, .character("k"): return moved(index, by: -1, count: count)
        case .down, .character("j"): return moved(index, by: 1, count: count)
        case .pageUp: return moved(index, by: -10, count: count)
        case .pageDown: return moved(index, by: 10, count: count)
        case .home: return 0
        case .end: return max(count - 1, 0)
        default: return nil
        }
    }

    /// Tab, `?` and `q`, alike on the list screens.
    static func pressInAnyList(_ key: Key, next: AppState.Screen, _ state: inout AppState) -> [Effect] {
        switch key {
        case .tab:
            return switchScreen(to: next, &state)
        case .character("?"):
            state.overlay = .help
        case .character("q"):
            state.quitting = true
            return [.quit]
        default:
            break
        }
        return []
    }

    /// The admin console is a prompt: every letter goes into it; Tab moves on, Ctrl-C quits.
    static func pressInAdmin(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character(let character): state.adminDraft.append(character)
        case .backspace: _ = state.adminDraft.popLast()
        case .escape: state.adminDraft = ""
        case .pageDown: state.adminScroll += 10
        case .pageUp: state.adminScroll = max(state.adminScroll - 10, 0)
        case .enter:
            let command = state.adminDraft.trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty, !state.adminBusy else { return [] }
            state.adminBusy = true
            state.adminDraft = ""
            inform(&state, "Running `\(command)`…")
            return [.admin(command: command)]
        case .tab:
            return switchScreen(to: .conversations, &state)
        default:
            break
        }
        return []
    }

    static func switchScreen(to screen: AppState.Screen, _ state: inout AppState) -> [Effect] {
        state.screen = screen
        switch screen {
        case .conversations:
            state.loadingConversations = true
            return [.loadConversations]
        case .media:
            return [.loadMedia]
        case .keys:
            inform(&state, "Managed keys (admin key only): n creates one, d revokes the selected one.")
            return reloadKeys(&state)
        case .usage:
            return reloadUsage(&state)
        case .providers:
            inform(&state, "Providers (admin key only), refreshed every \(ProvidersRefresh.seconds) s; r refreshes now.")
            return reloadProviders(&state)
        case .requests:
            inform(&state, "The request log (admin key only), newest first: Enter shows a request's attempts.")
            return reloadRequests(&state)
        case .admin:
            inform(&state, "Admin commands (admin key only): try `stats`, `list`, `jobs` or `/help`.")
            return []
        case .conversation:
            return []
        }
    }

    static func confirmedDelete(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .media:
            guard state.media.indices.contains(state.selectedMedia) else { return [] }
            return [.deleteMedia(id: state.media[state.selectedMedia].id)]
        default:
            let visible = state.visibleConversations
            guard visible.indices.contains(state.selectedConversation) else { return [] }
            let conversation = visible[state.selectedConversation]
            let shared = state.conversations.contains { $0.rootID == conversation.rootID && $0.leafID != conversation.leafID }
            return [.deleteConversation(leafID: conversation.leafID, wholeChain: !shared)]
        }
    }

    static func openConversation(leafID: String?, _ state: inout AppState) {
        state.screen = .conversation
        state.openLeafID = leafID
        state.turns = []
        state.selectedTurn = nil
        state.scroll = 0
        state.pickedModel = nil
    }
}
