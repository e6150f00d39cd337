/// An upstream that makes images or videos. It reports `JobEvent`s as it goes and ends with assets and
/// `succeeded`, or `failed`; polling, downloading and size limits are its own business.
///
/// ```swift
/// for try await event in provider.generate(request) {
///     switch event { case .asset(let asset): keep(asset) default: show(event) }
/// }
/// ```
public protocol MediaProvider: Sendable {
    /// The family and name as users write them, e.g. `image/doubao`, for messages and `/help`.
    var displayName: String { get }
    /// The flags this provider accepts.
    var flags: FlagValidator { get }
    /// An example prompt for `/help`.
    var example: String { get }
    /// Whether input images may be sent as http(s) URLs; if not, Prism fetches them (guarded) and sends bytes.
    var acceptsImageURLs: Bool { get }
    /// Whether it can take an input image at all; a text-to-image-only model ignores earlier images.
    var acceptsInputImages: Bool { get }
    func generate(_ request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>
    /// Follows a task the provider accepted before Prism restarted; `nil` when the provider has no task
    /// to return to (it answers in one call).
    func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>?
    /// Asks the provider to stop a task it accepted, where it allows that; best effort.
    func cancel(_ task: ProviderTask) async
}

extension MediaProvider {
    public var acceptsImageURLs: Bool { true }
    public var acceptsInputImages: Bool { true }
    public func resume(_ task: ProviderTask, request: MediaRequest) -> AsyncThrowingStream<JobEvent, any Error>? { nil }
    public func cancel(_ task: ProviderTask) async {}
}

/// A task a provider accepted: its id, and the URL to poll when the provider gave one.
public struct ProviderTask: Sendable, Equatable {
    public let id: String
    public let pollURL: String?

    public init(id: String, pollURL: String? = nil) {
        self.id = id
        self.pollURL = pollURL
    }
}

/// A provider failure whose message a person can act on.
public struct MediaProviderError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
