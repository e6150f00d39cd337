import Foundation
import Media
import Storage
import Testing

@Suite("MediaLibrary and MediaSigner")
struct MediaStoreTests {
    func makeStore() throws -> (MediaLibrary, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)").path
        return (MediaLibrary(index: try Stores.inMemory().media, blobs: LocalBlobStore(directory: directory)), directory)
    }

    @Test("identical bytes are two rows sharing one file; the file goes with the last row")
    func dedup() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let first = try await store.save(png, as: NewMedia(kind: "image", mimeType: "image/png", principal: "p", prompt: "a", model: "image/x"))
        let second = try await store.save(png, as: NewMedia(kind: "image", mimeType: "image/png", principal: "p", prompt: "b", model: "image/x"))
        #expect(first.id != second.id && first.sha256 == second.sha256)
        #expect(try await store.bytes(of: first) == png)
        #expect(try await store.delete(id: first.id, owner: "p"))
        #expect(try await store.blobs.head(second.blobKey) != nil)
        #expect(try await store.delete(id: second.id, owner: "other") == false)
        #expect(try await store.delete(id: second.id, owner: "p"))
        #expect(try await store.blobs.head(second.blobKey) == nil)
    }

    @Test("lists are newest first, paged and filtered by kind and owner")
    func listing() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(try await store.save([UInt8(index)], as: NewMedia(kind: index == 2 ? "video" : "image", mimeType: index == 2 ? "video/mp4" : "image/png", principal: "p", prompt: "", model: "m")).id)
        }
        let page = try await store.list(owner: "p", limit: 2, after: nil, kind: nil)
        #expect(page.items.map(\.id) == [ids[2], ids[1]] && page.hasMore)
        #expect(try await store.list(owner: "p", limit: 2, after: ids[1], kind: nil).items.map(\.id) == [ids[0]])
        #expect(try await store.list(owner: nil, limit: 10, after: nil, kind: "video").items.map(\.id) == [ids[2]])
        #expect(try await store.list(owner: "q", limit: 10, after: nil, kind: nil).items.isEmpty)
    }

    @Test("signatures verify; a changed id, a wrong key or an expired link does not")
    func signing() {
        let signer = MediaSigner(key: Array("k1".utf8))
        let signature = signer.signature(id: "media_a", expires: nil)
        #expect(signer.verify(id: "media_a", signature: signature, expires: nil))
        #expect(!signer.verify(id: "media_b", signature: signature, expires: nil))
        #expect(!MediaSigner(key: Array("k2".utf8)).verify(id: "media_a", signature: signature, expires: nil))
        let timed = signer.signature(id: "media_a", expires: 2_000)
        #expect(signer.verify(id: "media_a", signature: timed, expires: 2_000, now: 1_000))
        #expect(!signer.verify(id: "media_a", signature: timed, expires: 2_000, now: 3_000))
        #expect(!signer.verify(id: "media_a", signature: timed, expires: 9_999, now: 1_000))
    }
}
