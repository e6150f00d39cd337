import PrismShared
import Testing
@testable import TUI

@Suite("job view: following a media item's job")
struct JobViewTests {
    @Test("w on a made item opens its job and follows it; changes of another job are ignored; Esc closes; an upload has no job")
    func follow() {
        var state = listState()
        state.screen = .media
        let made = MediaItem(id: "media_1", kind: "video", mimeType: "video/mp4", bytes: 70, prompt: "A kite", createdAt: 0, url: "u", jobID: "job_1")
        let uploaded = MediaItem(id: "media_2", kind: "image", mimeType: "image/png", bytes: 70, prompt: "cat.png", createdAt: 0, url: "u")
        feed(&state, [.mediaLoaded(.success([made, uploaded]))])
        #expect(feed(&state, [.key(.character("w"))]) == [.followJob(id: "job_1")])
        let running = JobSnapshot(id: "job_1", model: "video/doubao-seedance", status: "running", progress: 0.4, message: "rendering")
        feed(&state, [.jobChanged(running), .jobChanged(JobSnapshot(id: "job_other", status: "failed"))])
        #expect(state.overlay == .job(running))
        feed(&state, [.key(.escape), .key(.down)])
        #expect(state.overlay == nil)
        #expect(feed(&state, [.key(.character("w"))]).isEmpty && state.status == "This item was uploaded, not made by a job.")
    }

    @Test("the job view shows the model, the state with a progress bar and the latest line")
    func frame() {
        var state = listState()
        state.screen = .media
        state.overlay = .job(JobSnapshot(id: "job_1", model: "video/x", status: "running", progress: 0.5, message: "rendering"))
        let text = View.render(state, width: 60, height: 12).text
        #expect(text.contains("video/x · job_1"))
        #expect(text.contains("running  [██████████··········] 50%"))
        #expect(text.contains("rendering") && text.contains("following… Esc closes"))
    }

    @Test("a job event's data becomes a snapshot; an error's message is the line shown")
    func decode() throws {
        let json = try JSONValue.parse(Array(#"{"id":"job_9","object":"job","model":"image/x","status":"failed","progress":null,"message":"m","error":{"code":"job_failed","message":"refused"}}"#.utf8))
        #expect(JobSnapshot(json: json) == JobSnapshot(id: "job_9", model: "image/x", status: "failed", progress: nil, message: "refused"))
        #expect(JobSnapshot(json: json)?.isFinished == true)
    }
}
