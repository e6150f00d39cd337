import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// The claims of a Kling token whose HS256 signature checks out with `secret`, or `nil`.
private func klingClaims(_ token: String?, secret: String = "sk-test-secret") -> JSONValue? {
    func decode(_ part: Substring) -> [UInt8]? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text).map { Array($0) }
    }
    guard let parts = token?.split(separator: ".", omittingEmptySubsequences: false), parts.count == 3,
          let header = decode(parts[0]).flatMap({ try? JSONValue.parse($0) }), header == ["alg": "HS256", "typ": "JWT"],
          let signature = decode(parts[2]), let payload = decode(parts[1]) else { return nil }
    let key = SymmetricKey(data: Array(secret.utf8))
    guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Array("\(parts[0]).\(parts[1])".utf8), using: key) else { return nil }
    return try? JSONValue.parse(payload)
}

/// Kling's video API, which checks every call's JWT. The prompt's first word picks how a task goes:
/// `refused` meets the content security policy when created, `broken` fails, `risky` fails its risk control;
/// anything else is submitted, processing, then succeeds.
private let klingAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    if request.path.hasPrefix("/v1/") && klingClaims(request.bearer) == nil {
        return OpenAIWire.json(["code": 1002, "message": "Authorization is invalid", "request_id": "r-1"], status: .unauthorized)
    }
    switch (request.method, request.path) {
    case ("GET", "/files/out.mp4"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    case ("POST", "/v1/videos/text2video"), ("POST", "/v1/videos/image2video"):
        let word = request.body?["prompt"]?.stringValue?.split(separator: " ").first.map(String.init) ?? "ok"
        if word == "refused" {
            return OpenAIWire.json(["code": 1301, "message": "Trigger the content security policy of the platform", "request_id": "r-2"], status: .badRequest)
        }
        return OpenAIWire.json(["code": 0, "message": "SUCCEED", "request_id": "r-2", "data": [
            "task_id": .string("k-\(word)"), "task_status": "submitted", "created_at": 1_722_769_557_708, "updated_at": 1_722_769_557_708]])
    case ("GET", let path) where path.hasPrefix("/v1/videos/"):
        let id = String(path.split(separator: "/").last ?? "")
        let polls = await recorder.requests.filter { $0.path == path }.count
        var data: JSONValue = ["task_id": .string(id), "task_status": polls < 2 ? "submitted" : "processing", "created_at": 1, "updated_at": 2]
        if polls >= 3 {
            switch id {
            case "k-broken": data["task_status"] = "failed"; data["task_status_msg"] = "Generation timed out internally."
            case "k-risky": data["task_status"] = "failed"; data["task_status_msg"] = "Failure to pass the risk control system"
            default:
                data["task_status"] = "succeed"
                data["task_result"] = ["videos": [["id": "v-1", "url": .string("http://\(host)/files/out.mp4"), "duration": "5.1"]]]
            }
        }
        return OpenAIWire.json(["code": 0, "message": "SUCCEED", "request_id": "r-3", "data": data])
    default:
        return OpenAIWire.json(["code": 1203, "message": .string("unexpected \(request.method) \(request.path)")], status: .notFound)
    }
}

private func environment(_ base: String, access: String = "ak-test", secret: String = "sk-test-secret") -> [String: String] {
    ["KLING_ACCESS_KEY": access, "KLING_SECRET_KEY": secret, "KLING_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("video/kling on Kling's API with its JWT")
struct KlingMediaTests {
    @Test("a text-to-video task carries a valid JWT on every call, maps the flags, and links Prism's copy")
    func textToVideo() async throws {
        try await FakeUpstream.run(reply: klingAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("video/kling/kling-v2-1-master", "A lantern --ratio 9:16 --dur 5 --rs 1080p --negative smoke", stream: true))
                let stream = MediaStream(reply)
                #expect(stream.reasoning.contains { $0.hasPrefix("queued") } && stream.reasoning.contains { $0.hasPrefix("running") }, "\(stream.reasoning)")
                #expect(stream.reasoning.last?.hasPrefix("succeeded") == true)
                #expect(stream.content.hasPrefix("[▶ A lantern (5s)](http://127.0.0.1:"), "\(stream.content)")
                let calls = await recorder.requests.filter { $0.path.hasPrefix("/v1/") }
                #expect(calls.count == 4)
                for call in calls {
                    let claims = try #require(klingClaims(call.bearer))
                    let exp = try #require(claims["exp"]?.intValue), nbf = try #require(claims["nbf"]?.intValue)
                    #expect(claims["iss"] == "ak-test" && exp - nbf == 1805)
                }
                #expect(Set(calls.map(\.bearer)).count == 1, "the token is made once and reused")
                let create = try #require(calls.first)
                #expect(create.method == "POST" && create.path == "/v1/videos/text2video")
                #expect(create.body == ["model_name": "kling-v2-1-master", "prompt": "A lantern", "negative_prompt": "smoke", "duration": "5", "mode": "pro", "aspect_ratio": "9:16"])
                #expect(calls.dropFirst().allSatisfy { $0.method == "GET" && $0.path == "/v1/videos/text2video/k-A" })
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["width"] == 1080 && media?["height"] == 1920 && media?["duration"]?.doubleValue == 5.1)
            }
        }
    }

    @Test("an input image goes to image2video as bare base64, with /repeat also as the tail frame; polls follow that endpoint")
    func imageToVideo() async throws {
        try await FakeUpstream.run(reply: klingAPI) { base, recorder in
            try await TestGateway.run(environment(base)) { client in
                let encoded = Data(tinyPNG).base64EncodedString()
                let body: JSONValue = ["model": "video/kling/kling-v2-1", "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it move /repeat"], ["type": "image_url", "image_url": ["url": .string("data:image/png;base64,\(encoded)")]],
                ]]]]
                let reply = try await client.postJSON("/v1/chat/completions", body)
                #expect(reply.status == .ok, "\(reply.text)")
                let create = try #require(await recorder.requests.first { $0.method == "POST" })
                #expect(create.path == "/v1/videos/image2video" && create.body?["model_name"] == "kling-v2-1")
                #expect(create.body?["image"] == .string(encoded) && create.body?["image_tail"] == .string(encoded) && create.body?["aspect_ratio"] == nil)
                #expect(await recorder.requests.contains { $0.method == "GET" && $0.path == "/v1/videos/image2video/k-make" })
            }
        }
    }

    @Test("a failed task, or one refused by content security or risk control, fails the job with Kling's reason",
          arguments: [
            ("broken", "Kling could not make it: Generation timed out internally"),
            ("refused", "Kling's content filter refused this request (Trigger the content security policy of the platform)"),
            ("risky", "Kling's content filter refused this request (Failure to pass the risk control system)"),
          ])
    func failure(word: String, reason: String) async throws {
        try await FakeUpstream.run(reply: klingAPI) { base, _ in
            try await TestGateway.run(environment(base)) { client in
                try await expectFailedJob(client, model: "video/kling/kling-v2-1-master", prompt: "\(word) lantern", reason: reason)
            }
        }
    }

    @Test("a token Kling rejects fails with a sentence that names both key variables")
    func rejectedToken() async throws {
        try await FakeUpstream.run(reply: klingAPI) { base, _ in
            try await TestGateway.run(environment(base, access: "ak-wrong", secret: "sk-not-the-one")) { client in
                let reply = try await client.postJSON("/v1/chat/completions", chatBody("video/kling/kling-v2-1-master", "A lantern"))
                #expect(reply.status.code == 502)
                let message = reply.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains("Authorization is invalid") && message.contains("check KLING_ACCESS_KEY and KLING_SECRET_KEY (job job_"), "\(message)")
            }
        }
    }

    @Test("without both keys its models are a 404 naming both variables", arguments: [[:], ["KLING_ACCESS_KEY": "ak-test"]] as [[String: String]])
    func missingKeys(env: [String: String]) async throws {
        try await TestGateway.run(env) { client in
            let reply = try await client.postJSON("/v1/chat/completions", chatBody("video/kling/kling-v2-1-master", "A lantern"))
            #expect(reply.status == .notFound)
            #expect(reply.json?["error"]?["message"]?.stringValue?.contains("set KLING_ACCESS_KEY and KLING_SECRET_KEY") == true, "\(reply.text)")
        }
    }

    @Test("a BYOK caller's x-kling-api-key access:secret signs the token instead of the environment's keys")
    func ownKeys() async throws {
        try await FakeUpstream.run(reply: klingAPI) { base, recorder in
            let env = ["PASSWORD": "pw", "ALLOW_BYOK": "true", "KLING_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
            try await TestGateway.run(env) { client in
                let reply = try await client.postJSON(
                    "/v1/chat/completions", chatBody("video/kling/kling-v2-1-master", "A lantern"), key: "unrelated",
                    headers: [HTTPField.Name("x-kling-api-key")!: "ak-own:sk-test-secret"])
                #expect(reply.status == .ok, "\(reply.text)")
                let calls = await recorder.requests.filter { $0.path.hasPrefix("/v1/") }
                #expect(!calls.isEmpty && calls.allSatisfy { klingClaims($0.bearer)?["iss"] == "ak-own" })
            }
        }
    }

    @Test("with both keys, /v1/models lists Kling's example")
    func listed() async throws {
        try await TestGateway.run(["KLING_ACCESS_KEY": "ak-test", "KLING_SECRET_KEY": "sk-test-secret"]) { client in
            let ids = try await client.get("/v1/models").json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("video/kling/kling-v2-1-master"))
        }
    }
}
