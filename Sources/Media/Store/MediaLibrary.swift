import Crypto
import Foundation
import NIOCore
import PrismShared
import Storage

/// Finished media (SPEC §5): bytes in a `BlobStore` under content-addressed keys shared by identical
/// bytes, one row per item in the `MediaIndex`. Media is read through the blob store, never by path.
public struct MediaLibrary: Sendable {
    public let index: any MediaIndex
    public let blobs: any BlobStore

    public init(index: any MediaIndex, blobs: any BlobStore) {
        self.index = index
        self.blobs = blobs
    }

    /// Puts `bytes` in the blob store (once per distinct content) and returns the row that describes them,
    /// not yet recorded: a job records its media together with its end (`JobStore.finish`).
    public func keep(_ bytes: [UInt8], as media: NewMedia) async throws -> MediaRecord {
        let sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let record = MediaRecord(
            id: Identifier.make("media"), principal: media.principal, jobID: media.jobID, kind: media.kind, mimeType: media.mimeType,
            bytes: bytes.count, sha256: sha256, width: media.width, height: media.height, duration: media.duration,
            prompt: media.prompt, model: media.model, createdAt: Int(Date().timeIntervalSince1970))
        try await blobs.put(record.blobKey, bytes: ByteBuffer(bytes: bytes), contentType: media.mimeType)
        return record
    }

    /// Keeps `bytes` and records the row at once (media that belongs to no job).
    public func save(_ bytes: [UInt8], as media: NewMedia) async throws -> MediaRecord {
        let record = try await keep(bytes, as: media)
        try await index.insert(record)
        return record
    }

    public func record(id: String, owner: String?) async throws -> MediaRecord? {
        try await index.record(id: id, owner: owner)
    }

    public func list(owner: String?, limit: Int, after: String?, kind: String?) async throws -> Page<MediaRecord> {
        try await index.list(owner: owner, limit: limit, after: after, kind: kind)
    }

    /// The whole file of `record`, for `data:` URIs; `nil` when its blob is missing.
    public func bytes(of record: MediaRecord) async throws -> [UInt8]? {
        guard let body = try await blobs.get(record.blobKey, range: nil) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.info.size)
        for try await chunk in body.chunks { bytes += chunk.readableBytesView }
        return bytes
    }

    /// Deletes the row and, when no other row shares its bytes, the blob. `false` when not the owner's.
    public func delete(id: String, owner: String?) async throws -> Bool {
        guard let (record, orphaned) = try await index.delete(id: id, owner: owner) else { return false }
        if orphaned { try await blobs.delete(record.blobKey) }
        return true
    }

    /// Deletes every item created before `cutoff` (all of them when `nil`) and the blobs no row uses any
    /// more; returns how many rows and files went.
    public func purge(createdBefore cutoff: Int?) async throws -> (rows: Int, files: Int) {
        let (rows, orphans) = try await index.purge(createdBefore: cutoff)
        for key in orphans { try await blobs.delete(key) }
        return (rows, orphans.count)
    }
}
