import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// The Gemini API as these tests need it, behind `x-goog-api-key: g-key`: Gemini's `generateContent`, Imagen's
/// `predict` and Veo's long-running operations (not done for two polls). The prompt's first word picks how it
/// answers: `forbidden` (a blocked prompt), `unsafe` (a result held back), `broken` (an operation that fails),
/// `filtered` (a video held back); anything else succeeds.
private let geminiAPI: FakeUpstream.Reply = { request, recorder in
    let host = request.authority ?? ""
    guard request.headers[HTTPField.Name("x-goog-api-key")!] == "g-key" else {
        return OpenAIWire.json(["error": ["code": 403, "message": "API key not valid.", "status": "PERMISSION_DENIED"]], status: .forbidden)
    }
    let png = JSONValue.string(Data(tinyPNG).base64EncodedString())
    switch (request.method, request.path) {
    case ("POST", "/v1beta/models/gemini-2.5-flash-image:generateContent"):
        let text = request.body?["contents"]?.arrayValue?.first?["parts"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        if text.hasPrefix("forbidden") { return OpenAIWire.json(["promptFeedback": ["blockReason": "PROHIBITED_CONTENT"]]) }
        if text.hasPrefix("unsafe") {
            return OpenAIWire.json(["candidates": [["content": ["role": "model", "parts": []], "finishReason": "IMAGE_SAFETY"]]])
        }
        return OpenAIWire.json(["candidates": [["content": ["role": "model", "parts": [
            ["text": "Here is your fox."], ["inlineData": ["mimeType": "image/png", "data": png]],
        ]], "finishReason": "STOP"]]])
    case ("POST", "/v1beta/models/imagen-4.0-generate-001:predict"):
        let prompt = request.body?["instances"]?.arrayValue?.first?["prompt"]?.stringValue ?? ""
        if prompt.hasPrefix("unsafe") {
            return OpenAIWire.json(["predictions": [["raiFilteredReason": "Your current safety filter threshold filtered out the generated image."]]])
        }
        let count = request.body?["parameters"]?["sampleCount"]?.intValue ?? 1
        return OpenAIWire.json(["predictions": .array(Array(repeating: ["bytesBase64Encoded": png, "mimeType": "image/png"], count: count))])
    case ("POST", "/v1beta/models/veo-3.1-generate-preview:predictLongRunning"):
        let word = request.body?["instances"]?.arrayValue?.first?["prompt"]?.stringValue?.split(separator: " ").first ?? "ok"
        return OpenAIWire.json(["name": .string("models/veo-3.1-generate-preview/operations/op-\(word)")])
    case ("GET", let path) where path.hasPrefix("/v1beta/models/veo-3.1-generate-preview/operations/"):
        let name = String(path.dropFirst("/v1beta/".count))
        let polls = await recorder.requests.filter { $0.path == path }.count
        guard polls >= 3 else { return OpenAIWire.json(["name": .string(name), "done": false]) }
        switch path.split(separator: "/").last ?? "" {
        case "op-broken":
            return OpenAIWire.json(["name": .string(name), "done": true, "error": ["code": 3, "message": "The input image could not be processed."]])
        case "op-filtered":
            return OpenAIWire.json(["name": .string(name), "done": true, "response": [
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                "generateVideoResponse": ["raiMediaFilteredCount": 1, "raiMediaFilteredReasons": ["Your prompt may violate our policies."]],
            ]])
        default:
            return OpenAIWire.json(["name": .string(name), "done": true, "response": [
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                "generateVideoResponse": ["generatedSamples": [["video": ["uri": .string("http://\(host)/v1beta/files/vid-1:download?alt=media")]]]],
            ]])
        }
    case ("GET", "/v1beta/files/vid-1:download"):
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(bytes: tinyMP4)))
    default:
        return OpenAIWire.json(["error": ["code": 404, "message": .string("no such path \(request.path)"), "status": "NOT_FOUND"]], status: .notFound)
    }
}

/// The Gemini API's environment, with the fake as its base.
private func googleEnv(_ base: String) -> [String: String] {
    ["GOOGLE_API_KEY": "g-key", "GOOGLE_BASE_URL": String(base.dropLast(3)), "MEDIA_POLL_FIRST_MS": "500"]
}

@Suite("video/google (Veo) and image/google (Gemini, Imagen) on the Gemini API")
struct GoogleMediaTests {
    @Test("Veo: the operation runs for two polls, then its video is downloaded with the key and linked; flags become parameters")
    func veo() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, recorder in
            try await TestGateway.run(googleEnv(base)) { client in
                let text = "A lantern over a lake --ratio 9:16 --dur 8 --rs 1080p --negative \"blurry, dark\""
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/google/veo-3.1-generate-preview", text, stream: true))
                let chat = MediaStream(response)
                #expect(chat.reasoning.first?.hasPrefix("submitted to video/google/veo-3.1-generate-preview") == true, "\(chat.reasoning)")
                #expect(chat.reasoning.contains { $0.hasPrefix("running") } && chat.reasoning.last?.hasPrefix("succeeded") == true, "\(chat.reasoning)")
                #expect(chat.content.hasPrefix("[▶ A lantern over a lake (8s)](http://127.0.0.1:") && chat.content.contains(".mp4?sig="), "\(chat.content)")
                let create = try #require(await recorder.requests.first { $0.path.hasSuffix(":predictLongRunning") })
                #expect(create.path == "/v1beta/models/veo-3.1-generate-preview:predictLongRunning")
                #expect(create.body?["instances"]?.arrayValue?.first?["prompt"] == "A lantern over a lake")
                let parameters = create.body?["parameters"]
                #expect(parameters?["aspectRatio"] == "9:16" && parameters?["durationSeconds"] == 8 && parameters?["resolution"] == "1080p")
                #expect(parameters?["negativePrompt"] == "blurry, dark")
                let polls = await recorder.requests.filter { $0.path == "/v1beta/models/veo-3.1-generate-preview/operations/op-A" }
                #expect(polls.count == 3 && polls.allSatisfy { $0.method == "GET" })
                let download = try #require(await recorder.requests.first { $0.path == "/v1beta/files/vid-1:download" })
                #expect(download.headers[HTTPField.Name("x-goog-api-key")!] == "g-key" && download.query == "alt=media")
                let media = try await client.get("/v1/media?kind=video").json?["data"]?.arrayValue?.first
                #expect(media?["mime_type"] == "video/mp4" && media?["duration"]?.doubleValue == 8 && media?["model"] == "video/google/veo-3.1-generate-preview")
                #expect(media?["width"] == 1080 && media?["height"] == 1920)
            }
        }
    }

    @Test("Veo: an operation that ends with an error fails the job with Google's message, once, and stores nothing")
    func veoFailure() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, _ in
            try await TestGateway.run(googleEnv(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("video/google/veo-3.1-generate-preview", "broken lantern"))
                #expect(response.status == .badGateway)
                let message = response.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("Veo could not make the video: The input image could not be processed (job job_"), "\(message)")
                #expect(!message.contains("..") && !message.contains("processed.."))
                let job = try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first
                #expect(job?["status"] == "failed" && job?["error"]?["message"] == "Veo could not make the video: The input image could not be processed")
                #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("Veo: samples held back by the filter end the stream with a failed line and an error that say the content filter refused")
    func veoFiltered() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, _ in
            try await TestGateway.run(googleEnv(base)) { client in
                let reason = "Google's content filter refused the prompt (Your prompt may violate our policies)"
                try await expectFailedJob(client, model: "video/google/veo-3.1-generate-preview", prompt: "filtered lantern", reason: reason)
            }
        }
    }

    @Test("Gemini and Imagen refusals are failures that say Google's content filter refused the prompt", arguments: [
        ("image/google/gemini-2.5-flash-image", "forbidden fox", "(PROHIBITED_CONTENT)"),
        ("image/google/gemini-2.5-flash-image", "unsafe fox", "(IMAGE_SAFETY)"),
        ("image/google/imagen-4.0-generate-001", "unsafe fox", "(Your current safety filter threshold filtered out the generated image)"),
    ])
    func imageRefusals(model: String, text: String, reason: String) async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, _ in
            try await TestGateway.run(googleEnv(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody(model, text))
                #expect(response.status == .badGateway)
                let message = response.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("Google's content filter refused the prompt \(reason) (job job_"), "\(message)")
                #expect(try await client.get("/v1/jobs").json?["data"]?.arrayValue?.first?["status"] == "failed")
                #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("Gemini: the prompt and the input image go as parts, --ratio as the nearest aspect ratio (9:17 is 9:16); the inline image is stored")
    func geminiEdit() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, recorder in
            try await TestGateway.run(googleEnv(base)) { client in
                let image = Data(tinyPNG).base64EncodedString()
                let body: JSONValue = ["model": "image/google/gemini-2.5-flash-image", "stream": true, "messages": [["role": "user", "content": [
                    ["type": "text", "text": "make it snow --ratio 9:17 --seed 5"], ["type": "image_url", "image_url": ["url": .string("data:image/png;base64,\(image)")]],
                ]]]]
                let chat = MediaStream(try await client.postJSON("/v1/chat/completions", body))
                #expect(chat.content.hasPrefix("![make it snow](http://127.0.0.1:") && chat.reasoning.last?.hasPrefix("succeeded") == true, "\(chat)")
                let call = try #require(await recorder.requests.first)
                #expect(call.path == "/v1beta/models/gemini-2.5-flash-image:generateContent")
                let parts = call.body?["contents"]?.arrayValue?.first?["parts"]?.arrayValue ?? []
                #expect(parts.first?["text"] == "make it snow" && parts.count == 2)
                #expect(parts.last?["inlineData"]?["mimeType"] == "image/png" && parts.last?["inlineData"]?["data"] == .string(image))
                let config = call.body?["generationConfig"]
                #expect(config?["imageConfig"]?["aspectRatio"] == "9:16" && config?["seed"] == 5 && config?["responseModalities"] == ["TEXT", "IMAGE"])
                let media = try await client.get("/v1/media").json?["data"]?.arrayValue
                #expect(media?.count == 1 && media?.first?["mime_type"] == "image/png" && media?.first?["width"] == 1)
            }
        }
    }

    @Test("Imagen: --n and --ratio become sampleCount and aspectRatio; every prediction is stored and linked")
    func imagen() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, recorder in
            try await TestGateway.run(googleEnv(base)) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/google/imagen-4.0-generate-001", "A lighthouse --n 2 --ratio 3:4"))
                #expect(response.status == .ok, "\(response.text)")
                let content = response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                #expect(content.components(separatedBy: "![A lighthouse](").count == 3, "\(content)")
                let call = try #require(await recorder.requests.first)
                #expect(call.path == "/v1beta/models/imagen-4.0-generate-001:predict")
                #expect(call.body?["instances"] == [["prompt": "A lighthouse"]])
                #expect(call.body?["parameters"]?["sampleCount"] == 2 && call.body?["parameters"]?["aspectRatio"] == "3:4")
                #expect(try await client.get("/v1/media").json?["data"]?.arrayValue?.count == 2)
            }
        }
    }

    @Test("with GOOGLE_API_KEY set, /v1/models lists the Google examples; without it, a google model names the variable")
    func listing() async throws {
        try await FakeUpstream.run(reply: geminiAPI) { base, _ in
            try await TestGateway.run(googleEnv(base)) { client in
                let ids = try await client.get("/v1/models").json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids.contains("image/google/gemini-2.5-flash-image") && ids.contains("image/google/imagen-4.0-generate-001"))
                #expect(ids.contains("video/google/veo-3.1-generate-preview"))
            }
            try await TestGateway.run([:]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("image/google/gemini-2.5-flash-image", "A fox"))
                #expect(response.status == .notFound && response.json?["error"]?["message"]?.stringValue?.contains("GOOGLE_API_KEY") == true)
            }
        }
    }
}
