import NIOCore

/// Where media bytes live, under content-addressed keys such as "ab/abcdef….png": a local directory
/// (`LocalBlobStore`, the default) or an S3-compatible bucket (`S3BlobStore`, SPEC §17).
///
/// Keys are content addresses, so a `put` of a key that exists is a no-op, and every implementation
/// refuses a key that could leave its directory or prefix (an absolute path, a `..` part).
///
/// ```swift
/// let blobs: any BlobStore = try S3BlobStore.from(environment: environment, httpClient: .shared)
///     ?? LocalBlobStore(directory: dataDirectory + "/media")
/// try await blobs.check()
/// try await blobs.put("ab/abcdef.png", bytes: ByteBuffer(bytes: png), contentType: "image/png")
/// if let body = try await blobs.get("ab/abcdef.png", range: 0...99) {
///     for try await chunk in body.chunks { try await writer.write(chunk) }
/// }
/// ```
public protocol BlobStore: Sendable {
    /// Stores `bytes` under `key`; a key that already exists is left as it is (keys are content addresses).
    func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws
    /// Stores a body that arrives in pieces without holding it whole; `S3` uses multipart upload above 16 MiB.
    func put(_ key: String, stream: AsyncThrowingStream<ByteBuffer, any Error>, contentType: String) async throws
    /// The object's size and content type, or nil when there is none.
    func head(_ key: String) async throws -> BlobInfo?
    /// The object's bytes (only `range`, inclusive, when given), streamed; nil when there is none.
    func get(_ key: String, range: ClosedRange<Int>?) async throws -> BlobBody?
    /// Removes the object; removing one that does not exist is not an error.
    func delete(_ key: String) async throws
    /// A URL a client can fetch the object from directly for `seconds` (nil for the local directory).
    func presignedURL(_ key: String, seconds: Int) -> String?
    /// Writes, reads and deletes a small probe object: for readiness checks and start-up validation.
    func check() async throws
}

/// What is known of a stored object without reading it.
public struct BlobInfo: Sendable, Equatable {
    /// The whole object's size in bytes (not the size of a requested range).
    public let size: Int
    /// The content type stored with the object, when the store keeps one.
    public let contentType: String?

    public init(size: Int, contentType: String?) {
        self.size = size
        self.contentType = contentType
    }
}

/// An object's bytes as they are read: pulled chunk by chunk, so a slow reader never makes the store
/// buffer the whole object.
public struct BlobBody: Sendable {
    public let info: BlobInfo
    /// The inclusive byte range served (clamped to the object's end), or nil for the whole object.
    public let range: ClosedRange<Int>?
    public let chunks: AsyncThrowingStream<ByteBuffer, any Error>

    public init(info: BlobInfo, range: ClosedRange<Int>?, chunks: AsyncThrowingStream<ByteBuffer, any Error>) {
        self.info = info
        self.range = range
        self.chunks = chunks
    }
}

/// Why a blob operation failed, in a sentence a person can act on (no secrets in it).
public struct BlobStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension BlobStoreError {
    /// Refuses a key that is empty, absolute, or has an empty, `.` or `..` part: such a key could name a
    /// file outside the directory, or an object outside the prefix.
    static func validate(_ key: String) throws {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let valid = !key.isEmpty && key.utf8.count <= 1024 && !key.contains("\0") && !key.contains("\\")
            && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
        guard valid else {
            throw BlobStoreError(
                "The media key \(key.prefix(80)) is not a valid key: keys are relative paths such as ab/abcdef.png, without empty, . or .. parts.")
        }
    }

    /// Refuses a range that starts past the object's end, and clamps one that ends past it (as S3 does).
    static func clamp(_ range: ClosedRange<Int>?, size: Int) throws -> ClosedRange<Int>? {
        guard let range else { return nil }
        guard range.lowerBound >= 0, range.lowerBound < size else {
            throw BlobStoreError("The range \(range.lowerBound)-\(range.upperBound) starts outside the object's \(size) bytes.")
        }
        return range.lowerBound...min(range.upperBound, size - 1)
    }
}

extension BlobStore {
    /// A small object's bytes as text, nil when there is none: how `check()` reads its probe back.
    func text(of key: String) async throws -> String? {
        guard let body = try await get(key, range: nil) else { return nil }
        var read = ByteBuffer()
        for try await chunk in body.chunks { read.writeImmutableBuffer(chunk) }
        return String(buffer: read)
    }
}
