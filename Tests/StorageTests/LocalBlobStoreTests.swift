import Foundation
import NIOCore
import Storage
import Testing

@Suite("The local blob store")
struct LocalBlobStoreTests {
    @Test("put, ranged get, head, delete; a key that would leave the directory is refused")
    func roundTrip() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = LocalBlobStore(directory: directory)
        let bytes = (0..<200_000).map { UInt8($0 % 251) }
        try await store.put("ab/abc.png", bytes: ByteBuffer(bytes: bytes), contentType: "image/png")
        #expect(try await store.head("ab/abc.png")?.size == bytes.count)
        for range in [0...0, 10...70_000, 199_999...199_999] {
            let body = try #require(try await store.get("ab/abc.png", range: range))
            var read: [UInt8] = []
            for try await chunk in body.chunks { read += chunk.readableBytesView }
            #expect(read == Array(bytes[range]))
        }
        try await store.check()
        try await store.delete("ab/abc.png")
        #expect(try await store.get("ab/abc.png", range: nil) == nil)
        await #expect(throws: BlobStoreError.self) { try await store.put("../escape", bytes: ByteBuffer(), contentType: "x") }
    }
}
