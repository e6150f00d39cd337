import Testing
@testable import TUI

@Suite("view: golden frames")
struct ViewTests {
    @Test("the conversation list: title, model, turns and age; the selected row reversed; wide characters take two columns")
    func conversationList() {
        let frame = View.render(listState(), width: 64, height: 7)
        #expect(frame.text == """
             Prism [Conversations] Media  Keys  Usage  Providers  Requests
             Title                             Model            Turns Age
             Plan a trip to 東京               groq/llama       2     5m
             Haiku about rain                  openai/gpt-4o    1     1h

            Enter open · n new · d delete · / filter · r refresh · Tab medi…

            """)
        #expect(frame.cell(x: 3, y: 2).style.reverse && !frame.cell(x: 3, y: 3).style.reverse)
    }

    @Test("a conversation: the turns with the answer's markdown, the draft and the model at the bottom")
    func conversation() {
        var state = conversationState()
        state.draft = "next"
        let frame = View.render(state, width: 44, height: 15)
        #expect(frame.text == """
             Prism [Conversations] Plan a trip  F1 help
             You
               Plan a trip
             groq/llama
               Day 1
               - Shinjuku
               - Shibuya

             You
               And day 2?
             groq/llama
               Asakusa.

            > next▌                          groq/llama

            """)
        #expect(frame.cell(x: 3, y: 4).style.bold)
    }

    @Test("the model picker lists the models with the current one selected")
    func modelPicker() {
        var state = conversationState()
        state.overlay = .modelPicker(selected: 1)
        let frame = View.render(state, width: 50, height: 10)
        #expect(frame.text.contains("│ openai/gpt-4o"))
        let row = frame.text.split(separator: "\n").firstIndex { $0.contains("openai/gpt-4o") }!
        #expect(frame.cell(x: 14, y: row).style.reverse)
    }

    @Test("any size, even 0×0 or 20×5 while streaming, with any overlay, draws without crashing")
    func everySize() {
        var states: [AppState] = [listState(), conversationState()]
        var streaming = conversationState()
        streaming.turns.append(Turn(id: nil, model: "m", user: String(repeating: "東京 ", count: 30), assistant: "```\ncode\n", progress: "running\n"))
        streaming.streaming = true
        states.append(streaming)
        for overlay: AppState.Overlay in [.help, .confirmDelete("Delete “東京”?"), .modelPicker(selected: 5), .newKey(KeyForm()),
                                          .createdKey(KeysTests.created()), .confirmRevoke(id: "key_1", name: "東京")] {
            var state = conversationState()
            state.overlay = overlay
            states.append(state)
        }
        var preview = listState()
        preview.screen = .media
        preview.overlay = .preview(MediaItem(id: "m", kind: "image", mimeType: "image/png", bytes: 1, prompt: "p", createdAt: 0, url: "u"))
        preview.preview = RGBAImage(width: 3, height: 5, pixels: Array(repeating: 200, count: 60))
        states.append(preview)
        var media = mediaState(answer: "![A fox](\(imageURL))\n\n[▶ A boat (4s)](\(videoURL))")
        media.inlineImages["media_abc"] = .loaded(RGBAImage(width: 3, height: 5, pixels: Array(repeating: 200, count: 60)))
        media.selectedTurn = 0
        states.append(media)
        states += [keysState(), usageState()]
        var refused = keysState()
        refused.keys = []
        refused.keysError = KeysTests.forbidden
        states.append(refused)
        for state in states {
            for width in 0...24 {
                for height in 0...8 {
                    let frame = View.render(state, width: width, height: height)
                    #expect(frame.width == width && frame.height == height)
                }
            }
        }
        #expect(View.render(streaming, width: 20, height: 5).text.contains("▌"))
    }

    @Test("ages and sizes read shortly")
    func ageAndSize() {
        #expect(View.age(100, now: 130) == "30s" && View.age(0, now: 7200) == "2h" && View.age(0, now: 86400 * 3) == "3d")
        #expect(View.size(70) == "70 B" && View.size(20_480) == "20 KB" && View.size(3 << 20) == "3.0 MB")
    }
}
