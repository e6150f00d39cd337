import Foundation

/// Keys in a conversation (the input line has the focus), the model picker, and streamed answers.
extension Update {
    static func pressInConversation(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character("o"):
            if let effects = openMedia(&state) { return effects }
            state.draft.append("o")
        case .character(let character):
            state.draft.append(character)
        case .backspace:
            _ = state.draft.popLast()
        case .enter:
            return send(&state)
        case .escape:
            if state.streaming { return [.stopStream] }
            state.draft = ""
            state.screen = .conversations
            state.loadingConversations = true
            return [.loadConversations]
        case .up:
            guard !state.turns.isEmpty else { return [] }
            state.selectedTurn = moved(state.continuedTurn ?? 0, by: -1, count: state.turns.count)
            state.scroll = 0
        case .down:
            guard let selected = state.selectedTurn else { return [] }
            state.selectedTurn = selected + 1 >= state.turns.count ? nil : selected + 1
            state.scroll = 0
        case .pageUp:
            // No further than the first line: the view's body is the terminal less three rows.
            let lines = ConversationView.lines(state, width: state.width - 1, height: state.height - 3).count
            state.scroll = min(state.scroll + 10, max(lines - (state.height - 3), 0))
        case .pageDown:
            state.scroll = max(state.scroll - 10, 0)
        case .control("o"):
            state.overlay = .modelPicker(selected: state.sendModel.flatMap { state.models.firstIndex(of: $0) } ?? 0)
            return state.models.isEmpty ? [.loadModels] : []
        default:
            break
        }
        return []
    }

    /// Enter: the draft goes to the selected turn's model (or the picked one) after that turn, so
    /// continuing an earlier turn starts a branch; the turns after it leave the view.
    private static func send(_ state: inout AppState) -> [Effect] {
        let input = state.draft.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else { return [] }
        guard !state.streaming else {
            inform(&state, "An answer is still arriving: wait, or press Esc to stop it.")
            return []
        }
        guard let model = state.sendModel else {
            fail(&state, ClientError("No model to send to: press Ctrl-O to pick one."))
            return []
        }
        let previous = state.continuedTurn
        if let previous, previous < state.turns.count - 1 { state.turns.removeSubrange((previous + 1)...) }
        let previousID = previous.flatMap { state.turns[$0].id }
        if previous != nil, previousID == nil {
            fail(&state, ClientError("That turn has not been stored yet; wait for its answer."))
            return []
        }
        state.turns.append(Turn(id: nil, model: model, user: input, assistant: ""))
        state.draft = ""
        state.selectedTurn = nil
        state.scroll = 0
        state.streaming = true
        inform(&state, "Sending to \(model)… (Esc stops)")
        return [.send(input: input, previousID: previousID, model: model)]
    }

    static func pickModel(_ key: Key, selected: Int, _ state: inout AppState) -> [Effect] {
        if let moved = selection(after: key, from: selected, count: state.models.count) {
            state.overlay = .modelPicker(selected: moved)
            return []
        }
        switch key {
        case .enter:
            state.overlay = nil
            guard state.models.indices.contains(selected) else { return [] }
            state.pickedModel = state.models[selected]
            inform(&state, "Next message goes to \(state.models[selected]).")
        case .escape, .control("o"):
            state.overlay = nil
        default:
            break
        }
        return []
    }

    static func stream(_ event: StreamEvent, _ state: inout AppState) -> [Effect] {
        guard state.streaming, !state.turns.isEmpty else { return [] }
        let last = state.turns.count - 1
        switch event {
        case .started(let id):
            state.turns[last].id = id
        case .progress(let line):
            state.turns[last].progress += line
        case .text(let text):
            state.turns[last].assistant += text
        case .finished(let id):
            if let id { state.turns[last].id = id }
            state.streaming = false
            state.openLeafID = state.turns[last].id
            inform(&state, "Answered by \(state.turns[last].model).")
        case .failed(let reason):
            state.streaming = false
            state.turns[last].failure = reason
            fail(&state, ClientError(reason))
        case .stopped:
            state.streaming = false
            state.turns[last].failure = "stopped"
            inform(&state, "Stopped; the partial answer is kept.")
        }
        // However the answer ended, the images it links to are drawn.
        return state.streaming ? [] : requestInlineImages(&state)
    }
}
