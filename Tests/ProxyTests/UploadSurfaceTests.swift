import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// A `multipart/form-data` body of text fields and files.
func multipartBody(_ fields: [(name: String, filename: String?, bytes: [UInt8])], boundary: String = "prism-test-boundary") -> ByteBuffer {
    var buffer = ByteBuffer()
    for field in fields {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"")
        if let filename = field.filename { buffer.writeString("; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream") }
        buffer.writeString("\r\n\r\n")
        buffer.writeBytes(field.bytes)
        buffer.writeString("\r\n")
    }
    buffer.writeString("--\(boundary)--\r\n")
    return buffer
}

/// Uploads, image edits and videos (SPEC §15): what they refuse, naming the field, and ranges of a video.
@Suite("Uploads, image edits and videos")
struct UploadSurfaceTests {
    static let form: HTTPFields = [.contentType: "multipart/form-data; boundary=prism-test-boundary"]

    func post(_ client: GatewayClient, _ path: String, _ fields: [(name: String, filename: String?, bytes: [UInt8])]) async throws -> TestReply {
        try await client.execute(uri: path, method: .post, headers: Self.form, body: multipartBody(fields)) { $0 }
    }

    @Test("an upload is refused when it has no file, is over MAX_UPLOAD_BYTES, has no known purpose, or is not what its bytes say")
    func uploadRefusals() async throws {
        try await TestGateway.run(["MAX_UPLOAD_BYTES": "1000"]) { client in
            let cases: [([(name: String, filename: String?, bytes: [UInt8])], HTTPResponse.Status, String)] = [
                ([("purpose", nil, Array("vision".utf8))], .badRequest, "file"),
                ([("file", "big.png", tinyPNG + [UInt8](repeating: 0, count: 2000)), ("purpose", nil, Array("vision".utf8))], .contentTooLarge, "file"),
                ([("file", "cat.png", tinyPNG), ("purpose", nil, Array("fine-tune".utf8))], .badRequest, "purpose"),
                ([("file", "cat.png", Array("GIF? no, text".utf8)), ("purpose", nil, Array("vision".utf8))], .badRequest, "file"),
            ]
            for (fields, status, param) in cases {
                let reply = try await post(client, "/v1/files", fields)
                #expect(reply.status == status && reply.json?["error"]?["param"]?.stringValue == param, "\(reply.text)")
            }
            let uploaded = try await post(client, "/v1/files", [("file", "cat.png", tinyPNG), ("purpose", nil, Array("user_data".utf8))])
            let id = try #require(uploaded.json?["id"]?.stringValue)
            #expect(id.hasPrefix("file-") && uploaded.json?["bytes"]?.intValue == tinyPNG.count && uploaded.json?["purpose"] == "user_data")
            let part = try await client.get("/v1/files/\(id)/content", headers: [.range: "bytes=1-3"])
            #expect(part.status == .partialContent && Array(part.body.readableBytesView) == Array(tinyPNG[1...3]))
            #expect(try await client.get("/v1/files/\(id)/content", headers: [.range: "bytes=900-999"]).status == .rangeNotSatisfiable)
            #expect(try await client.get("/v1/files/file-none").status == .notFound)
        }
    }

    @Test("an image edit needs an image part that is an image; a video needs a video model and a prompt")
    func editAndVideoRefusals() async throws {
        try await TestGateway.run([:]) { client in
            let noImage = try await post(client, "/v1/images/edits", [("prompt", nil, Array("x".utf8)), ("model", nil, Array("image/doubao".utf8))])
            #expect(noImage.status == .badRequest && noImage.json?["error"]?["param"] == "image")
            let notImage = try await post(client, "/v1/images/edits", [("image", "a.png", Array("hello".utf8)), ("prompt", nil, Array("x".utf8))])
            #expect(notImage.status == .badRequest && notImage.json?["error"]?["param"] == "image")
            let textModel = try await client.postJSON("/v1/videos", ["model": "groq/llama", "prompt": "x"])
            #expect(textModel.status == .badRequest && textModel.json?["error"]?["param"] == "model")
            let noPrompt = try await post(client, "/v1/videos", [("model", nil, Array("video/doubao-seedance".utf8))])
            #expect(noPrompt.status == .badRequest && noPrompt.json?["error"]?["param"] == "prompt")
            let badSize = try await client.postJSON("/v1/videos", ["model": "video/doubao-seedance", "prompt": "x", "size": "huge"])
            #expect(badSize.status == .badRequest && badSize.json?["error"]?["param"] == "size")
            #expect(try await client.get("/v1/videos/job_none").status == .notFound)
        }
    }
}
