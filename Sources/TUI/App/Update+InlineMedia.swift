/// The media in a conversation's answers: image previews fetched once per media id, and `o` opening a
/// turn's video (or image) outside the terminal.
extension Update {
    /// Past this many cached previews, those the open conversation does not show are dropped.
    static let inlineImageCacheLimit = 64

    /// Asks for the preview of every image in the turns that is not cached or on its way, marking it as
    /// loading so the view says so and nothing asks twice.
    static func requestInlineImages(_ state: inout AppState) -> [Effect] {
        let links = state.turns.flatMap { AnswerParts.split($0.assistant) }.compactMap { part -> MediaLink? in
            guard case .media(let link) = part, link.kind == .image, link.id != nil else { return nil }
            return link
        }
        if state.inlineImages.count > inlineImageCacheLimit {
            let shown = Set(links.compactMap(\.id))
            state.inlineImages = state.inlineImages.filter { shown.contains($0.key) || $0.value == .loading }
        }
        var effects: [Effect] = []
        for link in links {
            guard let id = link.id, state.inlineImages[id] == nil else { continue }
            state.inlineImages[id] = .loading
            effects.append(.loadInlineImage(mediaID: id, url: link.url))
        }
        return effects
    }

    static func inlineImageLoaded(_ id: String, _ result: Result<RGBAImage, ClientError>, _ state: inout AppState) {
        switch result {
        case .success(let image): state.inlineImages[id] = .loaded(image)
        case .failure(let error): state.inlineImages[id] = .failed(error.message)
        }
    }

    /// `o` with an empty draft on a turn picked with ↑: its first video or image opens outside the
    /// terminal. `nil` when `o` is just a letter of the draft.
    static func openMedia(_ state: inout AppState) -> [Effect]? {
        guard state.draft.isEmpty, let selected = state.selectedTurn, state.turns.indices.contains(selected),
              let link = AnswerParts.firstMedia(in: state.turns[selected].assistant), link.id != nil
        else { return nil }
        inform(&state, "Opening the \(link.kind == .video ? "video" : "image") “\(link.caption)”…")
        return [.open(url: link.url)]
    }
}
