/// A conversation as `GET /v1/conversations` lists it: one per leaf of a chain.
struct ConversationSummary: Equatable, Sendable {
    let id: String
    let rootID: String
    let leafID: String
    let turns: Int
    let title: String
    let model: String
    let updatedAt: Int

    /// The title without the prompt's flags, as it is shown.
    var cleanTitle: String { PromptTitle.clean(title) }
}

/// One turn of a conversation: what the user sent and what came back.
struct Turn: Equatable, Sendable {
    /// The stored response's id; `nil` while its answer is still streaming in.
    var id: String?
    var model: String
    var user: String
    var assistant: String
    /// Progress lines of media jobs and tool steps (reasoning), shown dimmed.
    var progress: String = ""
    /// Why the answer stopped short, when it did.
    var failure: String?
}

/// A file of `GET /v1/media`.
struct MediaItem: Equatable, Sendable {
    let id: String
    let kind: String
    let mimeType: String
    let bytes: Int
    let prompt: String
    let createdAt: Int
    let url: String
    /// The job that made it, when one did.
    var jobID: String? = nil
}

/// An image of an answer as the conversation draws it: still arriving, drawn, or why not.
enum InlineImage: Equatable, Sendable {
    case loading
    /// A thumbnail (`HalfBlock.thumbnail`): an 8-row preview needs few pixels, and many stay cached.
    case loaded(RGBAImage)
    case failed(String)
}

/// Decoded pixels, 4 bytes (RGBA) each, row by row.
struct RGBAImage: Equatable, Sendable {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    func pixel(x: Int, y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let offset = (y * width + x) * 4
        return (Int(pixels[offset]), Int(pixels[offset + 1]), Int(pixels[offset + 2]), Int(pixels[offset + 3]))
    }
}

/// A failure the user reads in the status line.
struct ClientError: Error, Equatable, Sendable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

extension Result where Failure == ClientError {
    /// A call's outcome as a value: for events, and for calls run side by side with `async let`.
    static func awaiting(_ call: () async throws(ClientError) -> Success) async -> Result {
        do {
            return .success(try await call())
        } catch {
            return .failure(error)
        }
    }
}
