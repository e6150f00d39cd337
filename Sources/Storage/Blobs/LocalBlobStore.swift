import Foundation
import NIOCore
import NIOPosix

/// Blobs as files in a directory (`DATA_DIR/media/`), the layout Prism always had: `<dir>/ab/abcdef….png`.
/// A file is written to a temporary name and renamed, so a crash never leaves half a file under its key.
/// File work runs on NIO's thread pool, never on an event loop.
public struct LocalBlobStore: BlobStore {
    public let directory: String
    /// Bytes read per chunk when streaming a file out.
    static let chunkSize = 64 << 10

    public init(directory: String) {
        self.directory = directory
    }

    /// The file of `key`; a key that could leave the directory is refused.
    func path(_ key: String) throws -> String {
        guard !key.isEmpty, !key.hasPrefix("/"), !key.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw BlobStoreError("The media key \(key.prefix(80)) is not a valid key.")
        }
        return "\(directory)/\(key)"
    }

    public func put(_ key: String, bytes: ByteBuffer, contentType: String) async throws {
        let target = try path(key)
        try await NIOThreadPool.singleton.runIfActive {
            let manager = FileManager.default
            guard !manager.fileExists(atPath: target) else { return }
            let folder = (target as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = "\(folder)/.tmp-\(UUID().uuidString)"
            try Data(bytes.readableBytesView).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, target) != 0 {
                try? manager.removeItem(atPath: temporary)
                if !manager.fileExists(atPath: target) { throw BlobStoreError("The media file \(key) could not be written to \(directory).") }
            }
        }
    }

    public func put(_ key: String, stream: AsyncThrowingStream<ByteBuffer, any Error>, contentType: String) async throws {
        var whole = ByteBuffer()
        for try await chunk in stream { whole.writeImmutableBuffer(chunk) }
        try await put(key, bytes: whole, contentType: contentType)
    }

    public func head(_ key: String) async throws -> BlobInfo? {
        let file = try path(key)
        let size = try await NIOThreadPool.singleton.runIfActive {
            (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int
        }
        return size.map { BlobInfo(size: $0, contentType: nil) }
    }

    public func get(_ key: String, range: ClosedRange<Int>?) async throws -> BlobBody? {
        guard let info = try await head(key) else { return nil }
        let file = try path(key)
        let wanted = range ?? 0...max(0, info.size - 1)
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            let task = Task {
                do {
                    guard info.size > 0 else { return continuation.finish() }
                    let handle = try await NIOThreadPool.singleton.runIfActive { try FileHandle(forReadingFrom: URL(fileURLWithPath: file)) }
                    defer { try? handle.close() }
                    var offset = wanted.lowerBound
                    while offset <= wanted.upperBound, !Task.isCancelled {
                        let count = min(Self.chunkSize, wanted.upperBound - offset + 1)
                        let start = offset
                        let data = try await NIOThreadPool.singleton.runIfActive { () -> Data in
                            try handle.seek(toOffset: UInt64(start))
                            return try handle.read(upToCount: count) ?? Data()
                        }
                        guard !data.isEmpty else { break }
                        continuation.yield(ByteBuffer(bytes: data))
                        offset += data.count
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return BlobBody(info: info, range: range, chunks: chunks)
    }

    public func delete(_ key: String) async throws {
        let file = try path(key)
        try await NIOThreadPool.singleton.runIfActive {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
    }

    public func presignedURL(_ key: String, seconds: Int) -> String? { nil }

    public func check() async throws {
        let key = "probe/.ready-\(UUID().uuidString)"
        do {
            try await put(key, bytes: ByteBuffer(string: "ok"), contentType: "text/plain")
            guard try await head(key)?.size == 2 else { throw BlobStoreError("the probe file read back wrong") }
            try await delete(key)
        } catch {
            throw BlobStoreError("The media directory \(directory) does not accept files (\(error)); check that it exists and is writable.")
        }
    }
}
