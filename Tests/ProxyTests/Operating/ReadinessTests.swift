import Foundation
import PrismShared
import Testing
@testable import Proxy

/// `GET /health/ready` (SPEC §14).
/// The checks' bound is raised in these tests: a loaded test machine must not pass for a hung database.
@Suite("Readiness")
struct ReadinessTests {
    @Test("ready when the database answers and the media store takes a write, without a key")
    func ready() async throws {
        try await TestGateway.run(["PASSWORD": "pw", "READY_TIMEOUT_SECONDS": "120"]) { client in
            let reply = try await client.get("/health/ready")
            #expect(reply.status == .ok && reply.json == ["status": "ready"])
        }
    }

    @Test("a media store that refuses writes makes it 503 with a sentence naming the media store")
    func mediaStoreFails() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-ready-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A file where the media directory should be: nothing can be written under it.
        _ = FileManager.default.createFile(atPath: directory + "/media", contents: Data("not a directory".utf8))
        try await TestGateway.run(["PASSWORD": "pw", "DATA_DIR": directory, "READY_TIMEOUT_SECONDS": "120"]) { client in
            let reply = try await client.get("/health/ready")
            #expect(reply.status == .serviceUnavailable && reply.json?["status"] == "not_ready")
            let failed = try #require(reply.json?["failed"]?.arrayValue)
            #expect(failed.count == 1 && failed.first?.stringValue?.hasPrefix("media store: ") == true, "\(reply.text)")
        }
    }
}
