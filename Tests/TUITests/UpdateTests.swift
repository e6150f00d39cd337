import Testing
@testable import TUI

@Suite("update: keys and answers change the state and ask for work")
struct UpdateTests {
    @Test("starting loads the conversations and the models")
    func start() {
        var state = AppState(gatewayURL: "http://x")
        #expect(Update.start(&state) == [.loadConversations, .loadModels])
    }

    @Test("arrows select, Enter opens the selected conversation by its leaf")
    func openConversation() {
        var state = listState()
        let effects = feed(&state, [.key(.down), .key(.down), .key(.up), .key(.down), .key(.enter)])
        #expect(effects == [.loadConversation(leafID: "resp_c")])
        #expect(state.screen == .conversation && state.openLeafID == "resp_c")
        // An answer for another conversation that arrives late is ignored.
        feed(&state, [.conversationLoaded(leafID: "resp_b", .success([Turn(id: "x", model: "m", user: "u", assistant: "a")]))])
        #expect(state.turns.isEmpty)
    }

    @Test("/ filters by title or model; Esc clears the filter")
    func filter() {
        var state = listState()
        feed(&state, [.key(.character("/"))] + keys("haiku"))
        #expect(state.visibleConversations.map(\.id) == ["resp_c"])
        feed(&state, [.key(.enter)])
        #expect(!state.filtering && state.filter == "haiku")
        feed(&state, [.key(.character("/")), .key(.escape)])
        #expect(state.visibleConversations.count == 2)
    }

    @Test("d asks first; y deletes the whole chain, or only the leaf when another branch shares the root")
    func delete() {
        var state = listState()
        feed(&state, [.key(.character("d"))])
        #expect(state.overlay == .confirmDelete("Delete the conversation “Plan a trip to 東京”?"))
        #expect(feed(&state, [.key(.character("y"))]) == [.deleteConversation(leafID: "resp_b", wholeChain: true)])
        state.conversations.append(ConversationSummary(id: "resp_d", rootID: "resp_a", leafID: "resp_d", turns: 2, title: "Branch", model: "m", updatedAt: 0))
        feed(&state, [.key(.character("d"))])
        #expect(feed(&state, [.key(.character("y"))]) == [.deleteConversation(leafID: "resp_b", wholeChain: false)])
        feed(&state, [.key(.character("d"))])
        #expect(feed(&state, [.key(.character("n"))]).isEmpty && state.overlay == nil)
    }

    @Test("in a conversation every letter is the draft's, q included; Enter continues the last turn with its model")
    func sendContinuesLastTurn() {
        var state = conversationState()
        let effects = feed(&state, keys("quite so") + [.key(.enter)])
        #expect(effects == [.send(input: "quite so", previousID: "resp_b", model: "groq/llama")])
        #expect(!state.quitting && state.draft.isEmpty && state.streaming)
        #expect(state.turns.last == Turn(id: nil, model: "groq/llama", user: "quite so", assistant: ""))
    }

    @Test("the answer streams into the new turn and takes its stored id")
    func streaming() {
        var state = conversationState()
        feed(&state, keys("hi") + [.key(.enter)])
        feed(&state, [.stream(.started(responseID: "resp_n")), .stream(.progress("running\n")), .stream(.text("Hel")), .stream(.text("lo")),
                      .stream(.finished(responseID: "resp_n"))])
        #expect(state.turns.last == Turn(id: "resp_n", model: "groq/llama", user: "hi", assistant: "Hello", progress: "running\n"))
        #expect(!state.streaming && state.openLeafID == "resp_n")
    }

    @Test("Esc stops a running answer and keeps what arrived; Esc again goes back to the list")
    func escape() {
        var state = conversationState()
        feed(&state, keys("hi") + [.key(.enter), .stream(.text("partial"))])
        #expect(feed(&state, [.key(.escape)]) == [.stopStream])
        feed(&state, [.stream(.stopped), .stream(.text(" late"))])
        #expect(state.turns.last?.assistant == "partial" && state.turns.last?.failure == "stopped")
        #expect(feed(&state, [.key(.escape)]) == [.loadConversations])
        #expect(state.screen == .conversations)
    }

    @Test("continuing an earlier turn forks from it: the later turns leave the view")
    func fork() {
        var state = conversationState()
        let effects = feed(&state, [.key(.up)] + keys("Day 3 instead") + [.key(.enter)])
        #expect(effects == [.send(input: "Day 3 instead", previousID: "resp_a", model: "groq/llama")])
        #expect(state.turns.map(\.user) == ["Plan a trip", "Day 3 instead"])
    }

    @Test("PgUp scrolls no further than the first line, so PgDn comes back at once")
    func scrollStopsAtTop() {
        var state = conversationState()
        feed(&state, [.resized(width: 44, height: 10)])
        feed(&state, Array(repeating: .key(.pageUp), count: 5))
        // 12 lines in a body of 7 rows: 5 lines can be scrolled.
        #expect(state.scroll == 5)
        feed(&state, [.key(.pageDown)])
        #expect(state.scroll == 0)
    }

    @Test("Ctrl-O picks the model and keeps the draft")
    func pickModel() {
        var state = conversationState()
        feed(&state, keys("draft") + [.key(.control("o")), .key(.down), .key(.enter)])
        #expect(state.pickedModel == "openai/gpt-4o" && state.draft == "draft" && state.overlay == nil)
        #expect(feed(&state, [.key(.enter)]) == [.send(input: "draft", previousID: "resp_b", model: "openai/gpt-4o")])
    }

    @Test("a new conversation goes to the latest conversation's model, else to the first text model listed")
    func newConversationModel() {
        var state = listState()
        state.models = ["admin/magic", "image/doubao", "groq/llama"]
        feed(&state, [.key(.character("n"))])
        #expect(state.sendModel == "groq/llama" && state.conversations.first?.model == "groq/llama")
        state.conversations = []
        state.models = ["admin/magic", "video/doubao-seedance", "openai/gpt-4o"]
        #expect(state.sendModel == "openai/gpt-4o")
    }

    @Test("q quits from the lists; Ctrl-C quits anywhere, stopping a stream")
    func quit() {
        var state = listState()
        #expect(feed(&state, [.key(.character("q"))]) == [.quit])
        var talking = conversationState()
        feed(&talking, keys("x") + [.key(.enter)])
        #expect(feed(&talking, [.key(.control("c"))]) == [.stopStream, .quit])
        #expect(talking.quitting)
    }

    @Test("Tab goes conversations → media → keys → usage → providers → requests → admin → conversations, loading what each shows")
    func tabs() {
        var state = listState()
        #expect(feed(&state, [.key(.tab)]) == [.loadMedia] && state.screen == .media)
        #expect(feed(&state, [.key(.tab)]) == [.loadKeys] && state.screen == .keys)
        #expect(feed(&state, [.key(.tab)]).count == 1 && state.screen == .usage)
        #expect(feed(&state, [.key(.tab)]) == [.loadProviders(generation: 1)] && state.screen == .providers)
        #expect(feed(&state, [.key(.tab)]) == [.loadRequests] && state.screen == .requests)
        #expect(feed(&state, [.key(.tab)]).isEmpty && state.screen == .admin)
        feed(&state, keys("stats"))
        #expect(feed(&state, [.key(.enter)]) == [.admin(command: "stats")])
        #expect(feed(&state, [.key(.tab)]) == [.loadConversations] && state.screen == .conversations)
    }

    @Test("Enter on an image opens its preview; a failed decode shows why; Esc closes")
    func preview() {
        var state = listState()
        state.screen = .media
        let item = MediaItem(id: "media_1", kind: "image", mimeType: "image/png", bytes: 70, prompt: "A cat", createdAt: 0, url: "http://x/v1/media/media_1.png")
        feed(&state, [.mediaLoaded(.success([item]))])
        #expect(feed(&state, [.key(.enter)]) == [.loadPreview(item)])
        feed(&state, [.previewLoaded(mediaID: "media_1", .failure(ClientError("The image is damaged and cannot be previewed.")))])
        #expect(state.previewMessage == "The image is damaged and cannot be previewed.")
        feed(&state, [.key(.escape)])
        #expect(state.overlay == nil)
    }

    @Test("a gateway that is down or refuses the key shows the reason, and the client keeps working")
    func failures() {
        var state = listState()
        feed(&state, [.conversationsLoaded(.failure(ClientError("The gateway refused the key (401): set PRISM_API_KEY or --key.")))])
        #expect(state.statusIsError && state.status.contains("401"))
        #expect(state.conversations.count == 2)
        #expect(feed(&state, [.key(.character("r"))]) == [.loadConversations])
    }
}
