/// Everything that can change the client's state: keys, the clock, and answers of the gateway.
enum AppEvent: Equatable, Sendable {
    case key(Key)
    /// The wall clock, in seconds, for ages in lists.
    case tick(now: Int)
    /// The terminal's size, at start and after every resize.
    case resized(width: Int, height: Int)
    case conversationsLoaded(Result<[ConversationSummary], ClientError>)
    case conversationLoaded(leafID: String, Result<[Turn], ClientError>)
    case modelsLoaded(Result<[String], ClientError>)
    case mediaLoaded(Result<[MediaItem], ClientError>)
    case previewLoaded(mediaID: String, Result<RGBAImage, ClientError>)
    case inlineImageLoaded(mediaID: String, Result<RGBAImage, ClientError>)
    /// `open` could not hand the link to a viewer.
    case openFailed(ClientError)
    case adminAnswered(Result<String, ClientError>)
    case keysLoaded(Result<[ManagedKey], ClientError>)
    /// A key was created: its secret is in here, once.
    case keyCreated(Result<CreatedKey, ClientError>)
    /// A usage table arrived for this grouping and period (a late one for another is dropped).
    case usageLoaded(grouping: UsageGrouping, period: UsagePeriod, Result<[UsageRow], ClientError>)
    /// The providers' health arrived for a refresh chain (an older chain's is dropped).
    case providersLoaded(generation: Int, Result<[ProviderStatus], ClientError>)
    /// The Providers screen's timer of a refresh chain ran out: time to ask again.
    case providersRefreshDue(generation: Int)
    case requestsLoaded(Result<[LoggedRequest], ClientError>)
    /// One request of the log, for its overlay.
    case requestLoaded(id: String, Result<LoggedRequest, ClientError>)
    /// A delete finished; the message says what went.
    case deleted(Result<String, ClientError>)
    case stream(StreamEvent)
    /// A followed job changed (or its stream could not be read).
    case jobChanged(JobSnapshot)
    case jobFollowFailed(id: String, ClientError)
}

/// What a streaming answer reports.
enum StreamEvent: Equatable, Sendable {
    case started(responseID: String)
    case progress(String)
    case text(String)
    case finished(responseID: String?)
    case failed(String)
    /// The user stopped it (Esc); what arrived is kept.
    case stopped
}
