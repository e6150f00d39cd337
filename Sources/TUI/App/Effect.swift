/// Work `update` asks the runtime to do; its results come back as `AppEvent`s.
enum Effect: Equatable, Sendable {
    case loadConversations
    case loadConversation(leafID: String)
    case loadModels
    case loadMedia
    case loadPreview(MediaItem)
    /// Fetches and decodes the image of an answer for its inline preview.
    case loadInlineImage(mediaID: String, url: String)
    /// Opens a media link in the system's viewer or player (`xdg-open`, `open` on macOS).
    case open(url: String)
    /// Sends `input` as a new turn after `previousID` (none: a new conversation) to `model`, streaming.
    case send(input: String, previousID: String?, model: String)
    case stopStream
    /// Deletes a conversation: its whole chain, or only its last turn when other conversations branch
    /// from the same root (their earlier turns are shared).
    case deleteConversation(leafID: String, wholeChain: Bool)
    case deleteMedia(id: String)
    case admin(command: String)
    case loadKeys
    /// `POST /v1/admin/keys`; the answer's secret comes back once, in `keyCreated`.
    case createKey(NewKey)
    /// `DELETE /v1/admin/keys/<id>`; the answer comes back as `deleted`.
    case revokeKey(id: String, name: String)
    /// `GET /v1/usage?group_by=&from=&to=` (Unix seconds).
    case loadUsage(grouping: UsageGrouping, period: UsagePeriod, from: Int, to: Int)
    /// `GET /v1/admin/providers`; the answer comes back tagged with the refresh chain's `generation`.
    case loadProviders(generation: Int)
    /// Posts `providersRefreshDue(generation:)` after `ProvidersRefresh.seconds`.
    case refreshProvidersLater(generation: Int)
    /// `GET /v1/admin/requests?limit=50`.
    case loadRequests
    /// `GET /v1/admin/requests/<id>`.
    case loadRequest(id: String)
    /// Follows `GET /v1/jobs/{id}?stream=true` until the job ends.
    case followJob(id: String)
    case quit
}
