/// What a media provider reports while it works, in Prism's words; it knows nothing of chat formats.
public enum JobEvent: Sendable, Equatable {
    /// Waiting at the provider (its pending, queued or submitted states), with a queue position if known.
    case queued(position: Int?)
    /// The provider accepted the job as this task (kept so a restart can resume it).
    case submitted(ProviderTask)
    /// Running, with a fraction 0…1 when the provider reports one and the provider's own status word.
    case progress(fraction: Double?, providerStatus: String?)
    /// A finished file: its bytes and mime type, and what is known of its shape.
    case asset(MediaAsset)
    case succeeded
    case failed(reason: String)
}

/// The bytes of a finished image or video.
public struct MediaAsset: Sendable, Equatable {
    public let bytes: [UInt8]
    public let mimeType: String
    public let width: Int?
    public let height: Int?
    public let duration: Double?

    public init(bytes: [UInt8], mimeType: String, width: Int? = nil, height: Int? = nil, duration: Double? = nil) {
        self.bytes = bytes
        self.mimeType = mimeType
        self.width = width
        self.height = height
        self.duration = duration
    }

    public var kind: String { mimeType.hasPrefix("video/") ? "video" : "image" }
}

/// One media generation to run: the prompt without flags, the validated flags, and input images.
public struct MediaRequest: Sendable {
    /// The model name after `image/` or `video/`, as the provider should get it.
    public let model: String
    public let prompt: String
    public let flags: ValidatedFlags
    /// Input images as URLs or `data:` URIs, for image-to-image and image-to-video.
    public let inputImages: [String]

    public init(model: String, prompt: String, flags: ValidatedFlags, inputImages: [String] = []) {
        self.model = model
        self.prompt = prompt
        self.flags = flags
        self.inputImages = inputImages
    }
}
