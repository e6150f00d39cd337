import Foundation
import HTTPTypes
import Media
import PrismShared
import Testing
import Storage
@testable import Proxy

@Suite("GET /v1/media: signed links, ownership, ranges, caching")
struct MediaEndpointTests {
    /// A gateway with one stored 1000-byte PNG of principal `owner`.
    func withMedia(_ body: @Sendable (GatewayClient, MediaRecord, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-media-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let env = ["DATA_DIR": directory, "PASSWORD": "admin", "API_KEYS": "owner,other", "MEDIA_SIGNING_KEY": "test-key"]
        let owner = try await Authenticator(config: GatewayConfig.load(environment: env, port: 0)).principal(for: [.authorization: "Bearer owner"])
        try await TestGateway.run(env) { client in
            let store = MediaLibrary(index: try Stores.sqlite(directory: directory).media, blobs: LocalBlobStore(directory: directory + "/media"))
            let bytes = [UInt8](repeating: 7, count: 1000)
            let record = try await store.save(bytes, as: NewMedia(kind: "image", mimeType: "image/png", principal: owner.id, prompt: "a cat", model: "image/x"))
            let signature = MediaSigner(key: Array("test-key".utf8)).signature(id: record.id, expires: nil)
            try await body(client, record, signature)
        }
    }

    @Test("a signed link needs no key; a bad signature or no key is 401; another key is 404; the owner's key works")
    func access() async throws {
        try await withMedia { client, record, signature in
            let path = "/v1/media/\(record.id).png"
            let signed = try await client.get("\(path)?sig=\(signature)")
            #expect(signed.status == .ok && signed.body.readableBytes == 1000)
            #expect(signed.headers[.contentType] == "image/png" && signed.headers[.cacheControl] == "private, max-age=31536000, immutable")
            #expect(signed.headers[.eTag] == "\"\(record.sha256)\"")
            #expect(try await client.get("\(path)?sig=AAAA").status == .unauthorized)
            #expect(try await client.get(path).status == .unauthorized)
            #expect(try await client.get(path, key: "other").status == .notFound)
            #expect(try await client.get(path, key: "owner").status == .ok)
            #expect(try await client.get(path, key: "admin").status == .ok)
            #expect(try await client.get("/v1/media/\(record.id).mp4", key: "owner").status == .notFound)
        }
    }

    @Test("ranges: 206 with Content-Range for first bytes, middle and suffix; 416 past the end; 304 on a matching ETag")
    func ranges() async throws {
        try await withMedia { client, record, signature in
            let path = "/v1/media/\(record.id).png?sig=\(signature)"
            for (range, expected, length) in [("bytes=0-9", "bytes 0-9/1000", 10), ("bytes=500-", "bytes 500-999/1000", 500), ("bytes=-100", "bytes 900-999/1000", 100)] {
                let response = try await client.get(path, headers: [.range: range])
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == expected)
                #expect(response.body.readableBytes == length)
            }
            let beyond = try await client.get(path, headers: [.range: "bytes=5000-"])
            #expect(beyond.status.code == 416 && beyond.headers[.contentRange] == "bytes */1000")
            #expect(try await client.get(path, headers: [.ifNoneMatch: "\"\(record.sha256)\""]).status == .notModified)
        }
    }

    @Test("the list shows signed URLs; delete removes the item")
    func listAndDelete() async throws {
        try await withMedia { client, record, signature in
            let list = try #require(try await client.get("/v1/media", key: "owner").json)
            let item = try #require(list["data"]?.arrayValue?.first)
            #expect(item["id"] == .string(record.id) && item["kind"] == "image" && item["bytes"] == 1000 && item["prompt"] == "a cat")
            #expect(item["url"]?.stringValue?.hasSuffix("/v1/media/\(record.id).png?sig=\(signature)") == true)
            #expect(try await client.get("/v1/media", key: "other").json?["data"]?.arrayValue?.isEmpty == true)
            #expect(try await client.get("/v1/media?kind=sound", key: "owner").status == .badRequest)
            let deleted = try await client.execute(uri: "/v1/media/\(record.id)", method: .delete, headers: [.authorization: "Bearer owner"]) { $0 }
            #expect(deleted.json == ["id": .string(record.id), "object": "media", "deleted": true])
            #expect(try await client.get("/v1/media/\(record.id).png?sig=\(signature)").status == .notFound)
        }
    }
}

@Suite("bad input to the media and job endpoints")
struct MediaEndpointBadInputTests {
    static let cases: [(method: HTTPRequest.Method, uri: String, status: Int, code: String)] = [
        (.get, "/v1/jobs/job_missing", 404, "job_not_found"),
        (.post, "/v1/jobs/job_missing/cancel", 404, "job_not_found"),
        (.get, "/v1/jobs/job_missing?stream=true", 404, "job_not_found"),
        (.get, "/v1/jobs/..%2Fprism.sqlite?stream=true", 400, "invalid_id"),
        (.get, "/v1/jobs?limit=0", 400, "invalid_limit"),
        (.get, "/v1/jobs?after=job_nothing_here", 400, "invalid_cursor"),
        (.get, "/v1/media?kind=audio", 400, "invalid_kind"),
        (.get, "/v1/media?limit=abc", 400, "invalid_limit"),
        (.get, "/v1/media?after=media_nothing_here", 400, "invalid_cursor"),
        (.delete, "/v1/media/media_missing.png", 404, "media_not_found"),
        (.delete, "/v1/media/..%2Fprism.sqlite", 400, "invalid_id"),
    ]

    @Test("each is refused with its SPEC §9 error and a message", arguments: cases)
    func refused(method: HTTPRequest.Method, uri: String, status: Int, code: String) async throws {
        try await TestGateway.run([:]) { client in
            let reply = try await client.execute(uri: uri, method: method) { $0 }
            #expect(reply.status.code == status, "\(uri): \(reply.text)")
            #expect(reply.json?["error"]?["code"] == .string(code), "\(uri): \(reply.text)")
            #expect(reply.json?["error"]?["message"]?.stringValue?.isEmpty == false)
        }
    }
}
