import AsyncHTTPClient
import Foundation
import NIOCore
import Storage
import Testing

/// The same behaviours against the local directory and a real S3-compatible server (moto, with IAM
/// authentication on, so that every request's signature is checked by botocore's signer).
@Suite("Blob stores", .s3Servers)
final class BlobStoreTests: Sendable {
    /// The local store's directory; each test has its own instance, so its own directory, removed after it.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)").path

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case local, s3
        var testDescription: String { rawValue }
    }

    /// A fresh store: a temporary directory, or a prefix of its own in the checked moto server's bucket.
    func store(_ backend: Backend) throws -> any BlobStore {
        switch backend {
        case .local:
            return LocalBlobStore(directory: directory)
        case .s3:
            let servers = try #require(S3Servers.current)
            return try #require(try S3BlobStore.from(environment: servers.environment(), httpClient: .shared))
        }
    }

    static let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    func read(_ body: BlobBody?) async throws -> [UInt8] {
        var read: [UInt8] = []
        for try await chunk in try #require(body).chunks { read += chunk.readableBytesView }
        return read
    }

    @Test(
        "bytes put under a key read back the same, and head tells their size and type",
        arguments: Backend.allCases, ["ab/abcdef.png", "ab/a b+c$d.png"])
    func roundTrip(backend: Backend, key: String) async throws {
        let blobs = try store(backend)
        try await blobs.put(key, bytes: ByteBuffer(bytes: Self.bytes), contentType: "image/png")
        #expect(try await blobs.head(key) == BlobInfo(size: Self.bytes.count, contentType: "image/png"))
        let body = try await blobs.get(key, range: nil)
        #expect(body?.range == nil && body?.info.size == Self.bytes.count)
        #expect(try await read(body) == Self.bytes)
        try await blobs.check()
    }

    @Test("a put of a key that exists keeps the bytes it has", arguments: Backend.allCases)
    func putKeeps(backend: Backend) async throws {
        let blobs = try store(backend)
        try await blobs.put("cd/first.txt", bytes: ByteBuffer(string: "first"), contentType: "text/plain")
        try await blobs.put("cd/first.txt", bytes: ByteBuffer(string: "second, longer"), contentType: "text/plain")
        try await blobs.put("cd/first.txt", stream: AsyncThrowingStream { $0.yield(ByteBuffer(string: "third")); $0.finish() }, contentType: "text/plain")
        #expect(String(decoding: try await read(blobs.get("cd/first.txt", range: nil)), as: UTF8.self) == "first")
    }

    @Test("a range reads the first bytes, a middle part across chunks, the last byte, and stops at the end", arguments: Backend.allCases)
    func ranges(backend: Backend) async throws {
        let blobs = try store(backend)
        try await blobs.put("ef/range.bin", bytes: ByteBuffer(bytes: Self.bytes), contentType: "application/octet-stream")
        let last = Self.bytes.count - 1
        for (asked, served) in [(0...9, 0...9), (60_000...140_000, 60_000...140_000), (last...last, last...last), (last - 4...last + 100, last - 4...last)] {
            let body = try #require(try await blobs.get("ef/range.bin", range: asked))
            #expect(body.range == served && body.info.size == Self.bytes.count)
            #expect(try await read(body) == Array(Self.bytes[served]))
        }
        await #expect(throws: BlobStoreError.self) { _ = try await blobs.get("ef/range.bin", range: (last + 1)...(last + 5)) }
    }

    @Test("head and get of a key never put are nil", arguments: Backend.allCases)
    func missing(backend: Backend) async throws {
        let blobs = try store(backend)
        try await blobs.put("00/some.png", bytes: ByteBuffer(string: "x"), contentType: "image/png")
        #expect(try await blobs.head("00") == nil)
        #expect(try await blobs.head("00/none.png") == nil)
        #expect(try await blobs.get("00/none.png", range: nil) == nil)
        #expect(try await blobs.get("00/none.png", range: 0...1) == nil)
    }

    @Test("a deleted key reads as missing, and deleting it again is no error", arguments: Backend.allCases)
    func delete(backend: Backend) async throws {
        let blobs = try store(backend)
        try await blobs.put("gh/gone.webp", bytes: ByteBuffer(string: "bytes"), contentType: "image/webp")
        try await blobs.delete("gh/gone.webp")
        #expect(try await blobs.get("gh/gone.webp", range: nil) == nil)
        #expect(try await blobs.head("gh/gone.webp") == nil)
        try await blobs.delete("gh/gone.webp")
    }

    @Test(
        "a streamed put is read back whole; on S3 a body over 16 MiB goes up in 16 MiB parts and a small one in one PUT",
        arguments: Backend.allCases, [40 << 20 + 12_345, 300_000])
    func streamedPut(backend: Backend, size: Int) async throws {
        let blobs = try store(backend)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<size).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let body = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            // Pieces of an odd size, so that no part boundary falls on a piece boundary.
            for start in stride(from: 0, to: bytes.count, by: 777_777) {
                continuation.yield(ByteBuffer(bytes: bytes[start..<min(start + 777_777, bytes.count)]))
            }
            continuation.finish()
        }
        try await blobs.put("ij/stream.mp4", stream: body, contentType: "video/mp4")
        #expect(try await blobs.head("ij/stream.mp4") == BlobInfo(size: size, contentType: "video/mp4"))
        let read = try await read(blobs.get("ij/stream.mp4", range: nil))
        #expect(read.count == size && SigV4.sha256Hex(Data(read)) == SigV4.sha256Hex(Data(bytes)))
        if let s3 = blobs as? S3BlobStore, let servers = S3Servers.current {
            // A multipart object's ETag is the hash of its parts' hashes followed by -<number of parts>.
            let signer = SigV4(accessKey: servers.accessKey, secretKey: servers.secretKey, region: "us-east-1")
            let head = try await servers.checked.send("HEAD", "/\(S3Servers.bucket)/\(s3.location.prefix)/ij/stream.mp4", signer: signer)
            let etag = head.headers.first { $0.0.lowercased() == "etag" }?.1 ?? ""
            #expect(size > 16 << 20 ? etag.hasSuffix("-3\"") : !etag.contains("-"), "ETag \(etag)")
        }
    }

    @Test("a presigned URL fetched with a plain GET returns the bytes; the local directory has none")
    func presigned() async throws {
        let servers = try #require(S3Servers.current)
        let blobs = try #require(try S3BlobStore.from(environment: servers.environment(on: servers.plain), httpClient: .shared))
        try await blobs.put("kl/link.png", bytes: ByteBuffer(bytes: Self.bytes), contentType: "image/png")
        let url = try #require(blobs.presignedURL("kl/link.png", seconds: 600))
        #expect(url.hasPrefix(servers.plain.endpoint + "/prism/") && url.contains("X-Amz-Expires=600&"))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        #expect(response.status.code == 200)
        #expect(Array(buffer: try await response.body.collect(upTo: 1 << 20)) == Self.bytes)
        #expect(try store(.local).presignedURL("kl/link.png", seconds: 600) == nil)
    }

    @Test("check on a bucket that does not exist says which bucket and what to do")
    func missingBucket() async throws {
        let servers = try #require(S3Servers.current)
        let blobs = try #require(try S3BlobStore.from(environment: servers.environment(bucket: "prism-missing"), httpClient: .shared))
        let error = await #expect(throws: BlobStoreError.self) { try await blobs.check() }
        #expect(error?.description == "The S3 bucket prism-missing does not exist: create it or fix MEDIA_STORE.")
    }

    @Test("a wrong secret gives a sentence about the credentials that does not contain the secret")
    func wrongSecret() async throws {
        let servers = try #require(S3Servers.current)
        let secret = "wrong-secret-\(UUID().uuidString)"
        let blobs = try #require(try S3BlobStore.from(environment: servers.environment(secret: secret), httpClient: .shared))
        let error = await #expect(throws: BlobStoreError.self) { try await blobs.check() }
        #expect(error?.description.contains("AWS_SECRET_ACCESS_KEY") == true)
        #expect(error?.description.contains(secret) == false)
        await #expect(throws: BlobStoreError.self) { try await blobs.put("mn/x.png", bytes: ByteBuffer(string: "x"), contentType: "image/png") }
    }

    @Test("an S3 endpoint nobody listens on gives a sentence naming S3_ENDPOINT")
    func unreachable() async throws {
        let environment = [
            "MEDIA_STORE": "s3://prism", "S3_ENDPOINT": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b",
        ]
        // The client retries connecting until the deadline, so a short one keeps the test short.
        let blobs = S3BlobStore(location: try #require(try S3Location(environment: environment)), httpClient: .shared, timeout: .seconds(1))
        let error = await #expect(throws: BlobStoreError.self) { try await blobs.check() }
        #expect(error?.description.contains("S3_ENDPOINT") == true, "\(error.map(String.init(describing:)) ?? "")")
    }

    @Test("a key that could leave the directory or the prefix is refused", arguments: Backend.allCases, ["../escape", "/etc/passwd", "ab/../../x", "ab//c", ""])
    func escapingKeys(backend: Backend, key: String) async throws {
        let blobs = try store(backend)
        await #expect(throws: BlobStoreError.self) { try await blobs.put(key, bytes: ByteBuffer(string: "x"), contentType: "text/plain") }
        await #expect(throws: BlobStoreError.self) { _ = try await blobs.get(key, range: nil) }
        await #expect(throws: BlobStoreError.self) { try await blobs.delete(key) }
    }
}
