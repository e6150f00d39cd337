/// The rows of finished media (SPEC §5); the bytes are in a `BlobStore` under `MediaRecord.blobKey`.
///
/// ```swift
/// try await index.insert(record)
/// if let (gone, orphaned) = try await index.delete(id: record.id, owner: nil), orphaned { try await blobs.delete(gone.blobKey) }
/// ```
public protocol MediaIndex: Sendable {
    func insert(_ record: MediaRecord) async throws
    /// The item `id`, if `owner` may see it (`nil` owner: anybody's, for the admin or a signed link).
    func record(id: String, owner: String?) async throws -> MediaRecord?
    /// Newest first; `after` is the last id of the previous page; `kind` filters.
    func list(owner: String?, limit: Int, after: String?, kind: String?) async throws -> Page<MediaRecord>
    /// Deletes the row; returns it and whether no other row uses its blob any more. `nil` when not the owner's.
    func delete(id: String, owner: String?) async throws -> (record: MediaRecord, orphaned: Bool)?
    /// Deletes every item created before `cutoff` (all when `nil`); returns how many rows went and the
    /// blob keys no row uses any more.
    func purge(createdBefore cutoff: Int?) async throws -> (rows: Int, orphanedKeys: [String])
}
