import Media
import PrismShared
import Storage

/// Completes the stored response a media job was started for, when the job ends: the client that asked
/// may be long gone (or Prism restarted in between), yet `GET /v1/responses/{id}` shows the result.
struct WaitingResponses: Sendable {
    let store: any ResponseStore
    let rendering: MediaMarkdown
    /// Told of each response completed here (a background one announces its end by webhook when nobody
    /// else runs it: after a restart, its job resumed and ended here).
    var completed: @Sendable (JobRecord, JSONValue) async -> Void = { _, _ in }

    func jobFinished(_ job: JobRecord, media: [MediaRecord]) async {
        guard let id = job.responseID, var response = try? await store.response(id: id, scope: .everything),
              let status = response["status"]?.stringValue, status == "in_progress" || status == "incomplete" else { return }
        var output: [JSONValue] = [[
            "id": .string(Identifier.make("rs")), "type": "reasoning",
            "summary": [ResponseItemEvents.summaryPart(ProgressLine.line(for: job, typical: nil))],
        ]]
        var text = ""
        if job.status == .succeeded {
            text = rendering.render(media, caption: MediaPrompt(text: job.request?["prompt"]?.stringValue ?? "").shortPrompt)
            output.append([
                "id": .string(Identifier.make("msg")), "type": "message", "status": "completed", "role": "assistant",
                "content": [ResponseItemEvents.textPart(text)],
            ])
            response["status"] = "completed"
            response["error"] = .null
        } else {
            response["status"] = "failed"
            response["error"] = ["code": .string(job.errorCode ?? "job_failed"), "message": .string(job.errorMessage ?? "the job \(job.status.rawValue)")]
        }
        response["output"] = .array(output)
        response["incomplete_details"] = .null
        guard (try? await store.complete(id: id, object: response, preview: text)) != nil else { return }
        await completed(job, response)
    }
}
