import Foundation
import NIOCore
import NIOPosix

/// Blobs as files in a directory (`DATA_DIR/media/`), the layout Prism always had: `<dir>/ab/abcdef….png`.
///
/// A file is written under a temporary name, flushed to disk and renamed, so a crash never leaves half a
/// file under its key. All file work runs on NIO's blocking thread pool, never on an event loop.
///
/// ```swift
/// let blobs = LocalBlobStore(directory: dataDirectory + "/media")
/// try await blobs.put("ab/abcdef.png", bytes: ByteBuffer(bytes: png), contentType: "image/png")
/// ```
public struct LocalBlobStore: BlobStore {
    public let directory: String
    /// Bytes read per chunk when streaming a file out.
    static let chunkSize = 64 << 10

    public init(directory: String) {
        self.directory = directory
    }

    /// The file of `key`; a key that could leave the directory is refused.
    func path(_ key: String) throws -> String {
        try BlobStoreError.validate(key)
        return "\(directory)/\(key)"
    }

    public func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws {
        let target = try path(key)
        try await NIOThreadPool.singleton.runIfActive {
            guard !FileManager.default.fileExists(atPath: target) else { return }
            let (temporary, handle) = try Self.createTemporary(for: target, key: key, directory: directory)
            try Self.finish(temporary, handle: handle, into: target, key: key, directory: directory) {
                try bytes.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            }
        }
    }

    public func put(_ key: String, stream: AsyncThrowingStream<ByteBuffer, any Error>, contentType: String) async throws {
        let target = try path(key)
        let pool = NIOThreadPool.singleton
        guard try await pool.runIfActive({ !FileManager.default.fileExists(atPath: target) }) else { return }
        let (temporary, handle) = try await pool.runIfActive { try Self.createTemporary(for: target, key: key, directory: directory) }
        do {
            // Each piece is written as it arrives, so the body is never held whole.
            for try await chunk in stream {
                try await pool.runIfActive { try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) } }
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try await pool.runIfActive { try Self.finish(temporary, handle: handle, into: target, key: key, directory: directory) {} }
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        let file = try path(key)
        let size = try await NIOThreadPool.singleton.runIfActive { () -> Int? in
            // A folder of keys (the "ab" of "ab/abc.png") is not an object.
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { return nil }
            return attributes[.size] as? Int
        }
        return size.map { BlobInfo(size: $0, contentType: Self.contentType(of: key)) }
    }

    public func get(_ key: String, range: ClosedRange<Int>?) async throws -> BlobBody? {
        let file = try path(key)
        guard let info = try await head(key) else { return nil }
        let served = try BlobStoreError.clamp(range, size: info.size)
        guard let wanted = served ?? (info.size > 0 ? 0...(info.size - 1) : nil) else {
            return BlobBody(info: info, range: nil, chunks: AsyncThrowingStream { $0.finish() })
        }
        let reader = ChunkReader(file: file, range: wanted, chunkSize: Self.chunkSize)
        // Pulled one chunk per request of the consumer: a slow reader never makes the file pile up in memory.
        let chunks = AsyncThrowingStream<ByteBuffer, any Error>(unfolding: { try await reader.next() })
        return BlobBody(info: info, range: served, chunks: chunks)
    }

    public func delete(_ key: String) async throws {
        let file = try path(key)
        try await NIOThreadPool.singleton.runIfActive {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
    }

    public func presignedURL(_ key: String, seconds: Int) -> String? { nil }

    public func check() async throws {
        let key = "probe/ready-\(UUID().uuidString).txt"
        do {
            try await put(key, bytes: ByteBuffer(string: "ok"), contentType: "text/plain")
            guard try await text(of: key) == "ok" else { throw BlobStoreError("the probe file read back wrong") }
            try await delete(key)
        } catch {
            let reason = (error as? BlobStoreError)?.description ?? error.localizedDescription
            throw BlobStoreError("The media directory \(directory) does not accept files (\(reason)): check that it exists and is writable.")
        }
    }

    /// A new file beside `target`, so that the final rename never crosses a file system.
    private static func createTemporary(for target: String, key: String, directory: String) throws -> (String, FileHandle) {
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(folder)/.tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw BlobStoreError("The media file \(key) could not be created in \(directory): check that the directory is writable.")
        }
        return (temporary, handle)
    }

    /// Writes the rest, flushes the file to disk and renames it into place; on failure the temporary file goes.
    private static func finish(
        _ temporary: String, handle: FileHandle, into target: String, key: String, directory: String, write: () throws -> Void
    ) throws {
        do {
            try write()
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw BlobStoreError("The media file \(key) could not be written to \(directory) (\(error)): check free space and permissions.")
        }
        if rename(temporary, target) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            // A concurrent put of the same content may have won the race, which is as good.
            if !FileManager.default.fileExists(atPath: target) {
                throw BlobStoreError("The media file \(key) could not be moved into place in \(directory): check permissions.")
            }
        }
    }

    /// The directory keeps no metadata, so the type comes from the extension of the media kinds Prism stores.
    static func contentType(of key: String) -> String? {
        let types = [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif",
            "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "txt": "text/plain",
        ]
        return key.split(separator: ".").last.flatMap { types[$0.lowercased()] }
    }
}

/// Reads one file range chunk by chunk on the thread pool; the file stays open between chunks and is
/// closed at the end or when the reader is dropped (a client that went away).
private actor ChunkReader {
    let file: String
    let range: ClosedRange<Int>
    let chunkSize: Int
    var offset: Int
    var handle: FileHandle?

    init(file: String, range: ClosedRange<Int>, chunkSize: Int) {
        self.file = file
        self.range = range
        self.chunkSize = chunkSize
        self.offset = range.lowerBound
    }

    deinit { try? handle?.close() }

    func next() async throws -> ByteBuffer? {
        guard offset <= range.upperBound else {
            close()
            return nil
        }
        let handle = try await opened()
        let (start, count) = (offset, min(chunkSize, range.upperBound - offset + 1))
        let data = try await NIOThreadPool.singleton.runIfActive { () -> Data in
            try handle.seek(toOffset: UInt64(start))
            return try handle.read(upToCount: count) ?? Data()
        }
        guard !data.isEmpty else {
            close()
            return nil
        }
        offset += data.count
        return ByteBuffer(bytes: data)
    }

    private func opened() async throws -> FileHandle {
        if let handle { return handle }
        let file = self.file
        let opened = try await NIOThreadPool.singleton.runIfActive { try FileHandle(forReadingFrom: URL(fileURLWithPath: file)) }
        handle = opened
        return opened
    }

    private func close() {
        try? handle?.close()
        handle = nil
    }
}
