import Foundation

/// The whole state of the client. `update` changes it, `view` draws it; nothing else touches it.
struct AppState: Equatable, Sendable {
    enum Screen: Equatable, Sendable {
        case conversations, conversation, media, keys, usage, providers, requests, admin

        /// Tab's order.
        var next: Screen {
            switch self {
            case .conversations, .conversation: return .media
            case .media: return .keys
            case .keys: return .usage
            case .usage: return .providers
            case .providers: return .requests
            case .requests: return .admin
            case .admin: return .conversations
            }
        }
    }

    enum Overlay: Equatable, Sendable {
        case help
        case confirmDelete(String)
        case modelPicker(selected: Int)
        case preview(MediaItem)
        /// The form for a new managed key.
        case newKey(KeyForm)
        /// A key just created, with its secret: shown once; closing the overlay forgets it.
        case createdKey(CreatedKey)
        /// Asks before `DELETE /v1/admin/keys/<id>`.
        case confirmRevoke(id: String, name: String)
        /// The job of a media item, followed live (`w` on the gallery).
        case job(JobSnapshot)
        /// One request of the log with its attempts (Enter on the Requests screen).
        case request(LoggedRequest)
    }

    var gatewayURL: String
    var screen: Screen = .conversations
    var overlay: Overlay?
    var now = 0
    var status = ""
    var statusIsError = false
    var quitting = false
    /// The terminal's size, so scrolling can stop at the top.
    var width = 80
    var height = 24
    /// The terminal takes 24-bit colours (a direct-colour TERM such as `xterm-direct`).
    var trueColor = false

    // Conversations
    var conversations: [ConversationSummary] = []
    var selectedConversation = 0
    var filter = ""
    var filtering = false
    var loadingConversations = false

    // One conversation
    var openLeafID: String?
    var turns: [Turn] = []
    /// The turn a new message continues (`nil`: the last one).
    var selectedTurn: Int?
    /// Lines scrolled up from the bottom of the conversation.
    var scroll = 0
    var draft = ""
    /// The model picked with Ctrl-O; otherwise the selected turn's.
    var pickedModel: String?
    var models: [String] = []
    var streaming = false
    /// Previews of the images in answers, by media id, kept across conversations so that scrolling and
    /// coming back do not fetch them again.
    var inlineImages: [String: InlineImage] = [:]

    // Media
    var media: [MediaItem] = []
    var selectedMedia = 0
    var preview: RGBAImage?
    var previewMessage: String?

    // Admin
    var adminDraft = ""
    var adminAnswer = ""
    var adminBusy = false
    /// Lines of the answer scrolled past (PgUp/PgDn).
    var adminScroll = 0

    // Keys
    var keys: [ManagedKey] = []
    var selectedKey = 0
    var loadingKeys = false
    /// Why the list could not be loaded (a non-admin's 403 says so), shown in place of the list.
    var keysError: String?

    // Usage
    var usage: [UsageRow] = []
    var usageGrouping: UsageGrouping = .model
    var usagePeriod: UsagePeriod = .today
    /// The first row shown (↑/↓ scroll a long table).
    var usageScroll = 0
    var loadingUsage = false
    /// Why the table could not be loaded, shown in its place.
    var usageError: String?

    // Providers
    var providers: [ProviderStatus] = []
    var loadingProviders = false
    /// Why the table could not be loaded, shown in its place.
    var providersError: String?
    /// Counts the refresh chains: entering the screen or `r` starts a new one, and a timer or an answer of
    /// an older chain is dropped, so timers never pile up.
    var providersGeneration = 0

    // Requests
    var requests: [LoggedRequest] = []
    var selectedRequest = 0
    var loadingRequests = false
    /// Why the list could not be loaded (a non-admin's 403), shown in its place.
    var requestsError: String?

    init(gatewayURL: String) {
        self.gatewayURL = gatewayURL
    }

    /// The conversations the filter lets through.
    var visibleConversations: [ConversationSummary] {
        guard !filter.isEmpty else { return conversations }
        return conversations.filter { $0.cleanTitle.localizedCaseInsensitiveContains(filter) || $0.model.localizedCaseInsensitiveContains(filter) }
    }

    /// The open conversation's title, for the header: its first prompt (the gateway titles a conversation
    /// so), or the listed title while its turns load.
    var openTitle: String? {
        let title = turns.first.map { PromptTitle.clean($0.user) } ?? conversations.first { $0.leafID == openLeafID }?.cleanTitle
        return title.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
    }

    /// The turn a new message continues.
    var continuedTurn: Int? { selectedTurn ?? (turns.isEmpty ? nil : turns.count - 1) }

    /// The model a new message goes to: the picked one, else the continued turn's, else (a new
    /// conversation) the latest conversation's, else the first text model the gateway lists.
    var sendModel: String? {
        pickedModel ?? continuedTurn.map { turns[$0].model } ?? conversations.first?.model
            ?? models.first { !["admin/", "image/", "video/"].contains(where: $0.hasPrefix) } ?? models.first
    }
}
