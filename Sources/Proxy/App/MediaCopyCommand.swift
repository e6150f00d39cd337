import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Storage

/// `prism media copy --from <data dir> --to s3://bucket/prefix`: puts every media file of a data directory
/// into an S3-compatible bucket (the same S3 variables as `serve`), under the same content-addressed keys.
/// Files already in the bucket are skipped, so it can be run again after an interruption.
struct MediaCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "copy", abstract: "Copy media files from a data directory to S3.")

    @Option(help: "The data directory whose media/ folder is copied.") var from: String
    @Option(help: "The destination, s3://bucket/prefix (S3_ENDPOINT, S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).") var to: String

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MEDIA_STORE"] = to
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            guard let bucket = try S3BlobStore.from(environment: environment, httpClient: client) else {
                throw ValidationError("--to must be an s3://bucket/prefix location.")
            }
            try await bucket.check()
            let (copied, skipped) = try await copy(into: bucket)
            print("Copied \(copied) file(s); \(skipped) were there already.")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Every file under `from/media`, keyed by its path there (`ab/abcdef….png`).
    private func copy(into bucket: S3BlobStore) async throws -> (copied: Int, skipped: Int) {
        let root = (from as NSString).appendingPathComponent("media")
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw ValidationError("There is no media folder in \(from).")
        }
        let keys = walker.compactMap { $0 as? String }.filter { key in
            var isDirectory: ObjCBool = false
            return !key.split(separator: "/").contains { $0.hasPrefix(".") }
                && FileManager.default.fileExists(atPath: "\(root)/\(key)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        var copied = 0
        var skipped = 0
        for (index, key) in keys.enumerated() {
            if try await bucket.head(key) != nil {
                skipped += 1
            } else {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(key)"))
                let mime = MediaRecord.mimeType(forExtension: (key as NSString).pathExtension)
                try await bucket.put(key, bytes: ByteBuffer(bytes: bytes), contentType: mime)
                copied += 1
            }
            if (index + 1) % 100 == 0 || index + 1 == keys.count { print("\(index + 1)/\(keys.count) files") }
        }
        return (copied, skipped)
    }
}

/// `prism media …`: maintenance of the media store.
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "media", abstract: "Media store maintenance.", subcommands: [MediaCopyCommand.self])
}
