/// One stored media item: a row of the media index pointing at a content-addressed blob.
public struct MediaRecord: Sendable, Equatable {
    public let id: String
    public let principal: String
    public let jobID: String?
    /// `image` or `video`.
    public let kind: String
    public let mimeType: String
    public let bytes: Int
    public let sha256: String
    public let width: Int?
    public let height: Int?
    public let duration: Double?
    public let prompt: String
    public let model: String
    public let createdAt: Int

    public init(
        id: String, principal: String, jobID: String?, kind: String, mimeType: String, bytes: Int, sha256: String, width: Int?, height: Int?,
        duration: Double?, prompt: String, model: String, createdAt: Int
    ) {
        self.id = id
        self.principal = principal
        self.jobID = jobID
        self.kind = kind
        self.mimeType = mimeType
        self.bytes = bytes
        self.sha256 = sha256
        self.width = width
        self.height = height
        self.duration = duration
        self.prompt = prompt
        self.model = model
        self.createdAt = createdAt
    }

    /// The file extension its URL carries (`png`, `mp4`, …).
    public var fileExtension: String { MediaRecord.fileExtension(for: mimeType) }

    /// Where its bytes live in the blob store: content-addressed, shared by identical bytes of one type.
    public var blobKey: String { Self.blobKey(sha256: sha256, mimeType: mimeType) }

    /// The mime type of a file extension, the inverse of `fileExtension(for:)`.
    public static func mimeType(forExtension ext: String) -> String {
        ["png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "gif": "image/gif", "mp4": "video/mp4", "webm": "video/webm"][ext.lowercased()]
            ?? "application/octet-stream"
    }

    public static func blobKey(sha256: String, mimeType: String) -> String {
        "\(sha256.prefix(2))/\(sha256).\(fileExtension(for: mimeType))"
    }

    public static func fileExtension(for mimeType: String) -> String {
        switch mimeType {
        case "image/png": return "png"
        case "image/jpeg": return "jpg"
        case "image/webp": return "webp"
        case "image/gif": return "gif"
        case "video/mp4": return "mp4"
        case "video/webm": return "webm"
        default: return "bin"
        }
    }
}

/// What a caller knows about new media before it is stored.
public struct NewMedia: Sendable {
    public var kind: String
    public var mimeType: String
    public var principal: String
    public var jobID: String?
    public var prompt: String
    public var model: String
    public var width: Int?
    public var height: Int?
    public var duration: Double?

    public init(kind: String, mimeType: String, principal: String, jobID: String? = nil, prompt: String, model: String,
                width: Int? = nil, height: Int? = nil, duration: Double? = nil) {
        self.kind = kind
        self.mimeType = mimeType
        self.principal = principal
        self.jobID = jobID
        self.prompt = prompt
        self.model = model
        self.width = width
        self.height = height
        self.duration = duration
    }
}
