import NIOCore

/// Where media bytes live, under content-addressed keys such as "ab/abcdef….png": a local directory
/// (`LocalBlobStore`, the default) or an S3-compatible bucket (`S3BlobStore`).
///
/// ```swift
/// try await blobs.put("ab/abcdef.png", bytes: ByteBuffer(bytes: png), contentType: "image/png")
/// if let body = try await blobs.get("ab/abcdef.png", range: 0...99) {
///     for try await chunk in body.chunks { send(chunk) }
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
    func delete(_ key: String) async throws
    /// A URL a client can fetch the object from directly for `seconds` (nil for the local directory).
    func presignedURL(_ key: String, seconds: Int) -> String?
    /// Writes, reads and deletes a small probe object: for readiness checks and start-up validation.
    func check() async throws
}

/// What is known of a stored object without reading it.
public struct BlobInfo: Sendable, Equatable {
    public let size: Int
    public let contentType: String?

    public init(size: Int, contentType: String?) {
        self.size = size
        self.contentType = contentType
    }
}

/// An object's bytes as they are read.
public struct BlobBody: Sendable {
    public let info: BlobInfo
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
