import Foundation
import Testing
@testable import TUI

/// A 2×1 PNG: a red pixel and a blue one.
let redBluePNG = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg==")!)

let imageURL = "http://127.0.0.1:8787/v1/media/media_abc.png?sig=SIGNATURE&exp=1900000000"
let videoURL = "http://127.0.0.1:8787/v1/media/media_x.mp4?sig=SIGNATURE"

/// A conversation of one turn whose answer is `answer`, as after loading it.
func mediaState(user: String = "a red fox in snow --ratio 16:9", answer: String) -> AppState {
    var state = listState()
    state.screen = .conversation
    state.openLeafID = "resp_m"
    state.turns = [Turn(id: "resp_m", model: "image/doubao", user: user, assistant: answer)]
    return state
}

@Suite("media in a conversation: image previews, video cards, clean titles, the latest progress line")
struct InlineMediaTests {
    @Test("an image link is fetched once, shows a placeholder while it loads, then a half-block preview with its caption, never the URL")
    func imagePreview() throws {
        var state = mediaState(answer: "Here it is:\n\n![A red fox (1024×1024)](\(imageURL))")
        let turns = state.turns
        let effects = feed(&state, [.conversationLoaded(leafID: "resp_m", .success(turns))])
        #expect(effects == [.loadInlineImage(mediaID: "media_abc", url: imageURL)])
        #expect(View.render(state, width: 50, height: 20).text.contains("▣ A red fox (1024×1024) — loading the image…"))

        let image = HalfBlock.thumbnail(try ImageDecoder.decode(redBluePNG), fitting: Runtime.thumbnailSide)
        feed(&state, [.inlineImageLoaded(mediaID: "media_abc", .success(image))])
        let frame = View.render(state, width: 50, height: 20)
        let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: false)
        // 20 rows less 3 is a body of 17: the preview takes 8 rows, 32 columns for a 2:1 image.
        let preview = lines.indices.filter { lines[$0].contains("▀") }
        #expect(preview.count == 8)
        for y in preview {
            #expect(lines[y] == "   " + String(repeating: "▀", count: 32))
            #expect(frame.cell(x: 3, y: y).style.foreground == 196 && frame.cell(x: 34, y: y).style.foreground == 21)
        }
        #expect(lines[preview.last! + 1] == "   A red fox (1024×1024)")
        #expect(frame.text.contains("Here it is:"))
        #expect(!frame.text.contains("http") && !frame.text.contains("sig=") && !frame.text.contains("!["))

        // Cached by media id: loading the conversation again, or scrolling, fetches nothing.
        #expect(feed(&state, [.conversationLoaded(leafID: "resp_m", .success(turns)), .key(.pageUp), .key(.pageDown)]).isEmpty)
    }

    @Test("an image that cannot be decoded is one line saying why")
    func imageFailure() {
        var state = mediaState(answer: "![A red fox](\(imageURL))")
        feed(&state, [.inlineImageLoaded(mediaID: "media_abc", .failure(ClientError("The image is damaged and cannot be previewed.")))])
        let text = View.render(state, width: 80, height: 12).text
        #expect(text.contains("▣ A red fox — no preview: The image is damaged and cannot be previewed."))
        #expect(!text.contains("http"))
    }

    @Test("a video link is a one-line card; its HTML player block is hidden; o on the picked turn opens it")
    func videoCard() {
        let answer = "[▶ A paper boat (4s)](\(videoURL))\n\n<video controls>\n\(videoURL)\n</video>"
        #expect(AnswerParts.split(answer) == [
            .media(MediaLink(kind: .video, id: "media_x", caption: "A paper boat", duration: "4s", url: videoURL)),
        ])
        var state = mediaState(user: "a paper boat --dur 4", answer: answer)
        let frame = View.render(state, width: 60, height: 12)
        #expect(frame.text == """
             Prism [Conversations] a paper boat                 F1 help
             You
               a paper boat --dur 4
             image/doubao
               ▶ A paper boat · 4s





            > ▌                                            image/doubao

            """)
        // With nothing typed, o opens the picked turn's video; otherwise it is a letter of the message.
        #expect(feed(&state, [.key(.character("o"))]).isEmpty && state.draft == "o")
        feed(&state, [.key(.backspace), .key(.up)])
        #expect(View.render(state, width: 60, height: 12).text.contains("▶ A paper boat · 4s — o opens it"))
        #expect(feed(&state, [.key(.character("o"))]) == [.open(url: videoURL)])
        #expect(state.draft.isEmpty && state.status == "Opening the video “A paper boat”…" && !state.status.contains("http"))
        feed(&state, [.openFailed(ClientError("Cannot open the link: xdg-open is not installed (on Linux it comes with xdg-utils)."))])
        #expect(state.statusIsError)
    }

    @Test("links among text, escaped captions, several files and code blocks")
    func splitting() {
        let answer = "Two:\n\n![A \\[draft\\] fox](\(imageURL))\n\n[▶ Boat](\(videoURL))\n```\n![not](\(imageURL))\n```"
        let parts = AnswerParts.split(answer)
        #expect(parts.count == 5)
        #expect(parts[1] == .media(MediaLink(kind: .image, id: "media_abc", caption: "A [draft] fox", duration: nil, url: imageURL)))
        #expect(parts[3] == .media(MediaLink(kind: .video, id: "media_x", caption: "Boat", duration: nil, url: videoURL)))
        #expect(parts[4] == .text("```\n![not](\(imageURL))\n```"))
        // Another site's image is ordinary markdown.
        #expect(AnswerParts.split("![x](https://example.com/x.png)") == [.text("![x](https://example.com/x.png)")])
    }

    @Test("titles drop the prompt's flags, in -- and em-dash forms, with quoted and negative values")
    func titles() {
        #expect(PromptTitle.clean("a red fox in snow --ratio 16:9") == "a red fox in snow")
        #expect(PromptTitle.clean("A cat —ratio 16:9 --negative \"blurry, dark\" --seed -1") == "A cat")
        #expect(PromptTitle.clean("a boat –dur 4 on a lake --hd") == "a boat on a lake")
        #expect(PromptTitle.clean("Plan a trip to 東京") == "Plan a trip to 東京")
        #expect(PromptTitle.clean("well-known -- not a flag, 1990 – 2000") == "well-known -- not a flag, 1990 – 2000")

        var state = listState()
        state.conversations[1] = ConversationSummary(id: "resp_c", rootID: "resp_c", leafID: "resp_c", turns: 1, title: "a red fox in snow --ratio 16:9",
                                                     model: "image/doubao", updatedAt: 3_000)
        let text = View.render(state, width: 64, height: 7).text
        #expect(text.contains(" a red fox in snow ") && !text.contains("--ratio"))
        feed(&state, [.key(.down), .key(.enter)])
        #expect(state.status == "Loading “a red fox in snow”…")
        #expect(View.render(state, width: 64, height: 7).text.hasPrefix(" Prism [Conversations] a red fox in snow"))
    }

    @Test("a running job's progress shows its latest line only, replacing the one before")
    func latestProgress() {
        var state = conversationState()
        feed(&state, keys("a paper boat") + [.key(.enter), .stream(.started(responseID: "resp_v"))])
        feed(&state, [.stream(.progress("submitted to video/doubao…\n")), .stream(.progress("queued, 3 s elapsed, about 40 s left\n"))])
        var text = View.render(state, width: 60, height: 30).text
        #expect(text.contains("  queued, 3 s elapsed, about 40 s left") && !text.contains("submitted to"))
        feed(&state, [.stream(.progress("running, 40%, 12 s elapsed, about 31 s left\n"))])
        text = View.render(state, width: 60, height: 30).text
        #expect(text.contains("running, 40%, 12 s elapsed") && !text.contains("queued"))
        // The turn keeps every line; only the view shows the latest.
        #expect(state.turns.last?.progress.split(separator: "\n").count == 3)
    }

    @Test("a streamed image answer asks for its preview once it has ended, not while it arrives")
    func streamedImage() {
        var state = conversationState()
        feed(&state, keys("a red fox") + [.key(.enter)])
        #expect(feed(&state, [.stream(.text("![A red fox](\(imageURL))"))]).isEmpty)
        #expect(feed(&state, [.stream(.finished(responseID: "resp_i"))]) == [.loadInlineImage(mediaID: "media_abc", url: imageURL)])
        #expect(state.inlineImages["media_abc"] == .loading)
    }

    @Test("a thumbnail keeps the aspect ratio within its side and leaves a small image alone")
    func thumbnail() {
        let large = RGBAImage(width: 600, height: 300, pixels: Array(repeating: 200, count: 600 * 300 * 4))
        let small = HalfBlock.thumbnail(large, fitting: 256)
        #expect(small.width == 256 && small.height == 128 && small.pixels.count == 256 * 128 * 4)
        let tiny = RGBAImage(width: 2, height: 1, pixels: Array(repeating: 9, count: 8))
        #expect(HalfBlock.thumbnail(tiny, fitting: 256) == tiny)
    }
}
