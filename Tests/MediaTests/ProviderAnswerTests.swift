import PrismShared
import Testing
@testable import Media

@Suite("Reading fal's and Google's answers")
struct ProviderAnswerTests {
    @Test("fal's newest log line is the message; the newest line with a percentage gives the fraction; a progress bar gives only its percentage",
          arguments: [
            (["Loading weights", "Step 3: 40% done."], 0.4, "Step 3: 40% done"),
            (["12.5% of frames", "encoding"], 0.125, "encoding"),
            (["loading", " 45%|████▌     | 9/20 [00:02<00:03, 3.5it/s]"], 0.45, nil),
            (["no numbers here"], nil, "no numbers here"),
            (["150% sure, 7/10"], nil, "150% sure, 7/10"),
          ] as [([String], Double?, String?)])
    func falProgress(lines: [String], fraction: Double?, message: String?) {
        let logs = JSONValue.array(lines.map { ["message": .string($0), "level": "INFO"] })
        let progress = FalAnswer.progress(logs)
        #expect(progress.fraction == fraction && progress.message == message)
    }

    @Test("fal's reasons: a detail sentence, a list of msg entries, a COMPLETED error; content_policy_violation and NSFW are refusals")
    func falReasons() throws {
        #expect(FalAnswer.reason(["detail": "Input image is too small."])?.text == "Input image is too small")
        let listed = FalAnswer.reason(["detail": [["msg": "The content was flagged.", "type": "content_policy_violation"], ["msg": "Also this"]]])
        #expect(listed?.text == "The content was flagged.; Also this" && listed?.filtered == true)
        #expect(FalAnswer.reason(["detail": "NSFW content detected in the input image"])?.filtered == true)
        #expect(FalAnswer.reason(["detail": "Request timed out", "error_type": "request_timeout"])?.filtered == false)
        #expect(FalAnswer.failure(completed: ["status": "COMPLETED", "logs": []]) == nil)
        let failed = FalAnswer.failure(completed: ["status": "COMPLETED", "error": "Runner crashed.", "error_type": "runner_disconnected"])
        #expect(failed?.description == "fal could not finish the request: Runner crashed")
        #expect(FalAnswer.requestURL("https://queue.fal.run/fal-ai/flux/requests/r-1/status?logs=1") == "https://queue.fal.run/fal-ai/flux/requests/r-1")
        #expect(FalAnswer.withLogs("https://q/x/status") == "https://q/x/status?logs=1")
        #expect(FalAnswer.position(["queue_position": 0]) == 1)
    }

    @Test("fal's output files: video, images less the flagged ones, or image; all flagged is a refusal")
    func falFiles() throws {
        #expect(try FalAnswer.files(in: ["video": ["url": "https://v/1.mp4"]]) == ["https://v/1.mp4"])
        #expect(try FalAnswer.files(in: ["images": [["url": "a"], ["url": "b"]], "has_nsfw_concepts": [true, false]]) == ["b"])
        #expect(try FalAnswer.files(in: ["image": ["url": "c"]]) == ["c"])
        #expect(throws: MediaProviderError.self) { try FalAnswer.files(in: ["images": [["url": "a"]], "has_nsfw_concepts": [true]]) }
    }

    @Test("Gemini's answer: inline images (not draft thoughts), a blocked prompt, a safety stop, a text-only answer")
    func geminiImages() throws {
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        let answer: JSONValue = ["candidates": [["content": ["parts": [
            ["inlineData": ["mimeType": "image/png", "data": .string(png)], "thought": true],
            ["inline_data": ["mime_type": "image/png", "data": .string(png)]],
        ]]]]]
        #expect(try GeminiImageProvider.images(in: answer).count == 1)
        func failure(_ json: JSONValue) -> String {
            do {
                _ = try GeminiImageProvider.images(in: json)
                return ""
            } catch {
                return (error as? MediaProviderError)?.description ?? ""
            }
        }
        #expect(failure(["promptFeedback": ["blockReason": "SAFETY"]]) == "Google's content filter refused the prompt (SAFETY)")
        #expect(failure(["candidates": [["finishReason": "IMAGE_PROHIBITED_CONTENT"]]]) == "Google's content filter refused the prompt (IMAGE_PROHIBITED_CONTENT)")
        #expect(failure(["candidates": [["content": ["parts": [["text": "I can only draw cats."]]], "finishReason": "STOP"]]])
            == "Gemini answered without an image (I can only draw cats)")
    }
}
