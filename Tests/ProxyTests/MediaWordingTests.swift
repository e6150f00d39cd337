import Foundation
import Storage
import Testing
@testable import Proxy

/// What people read about their media jobs (SPEC §5): link captions, progress lines and failures.
@Suite("Media wording")
struct MediaWordingTests {
    @Test("a link's short prompt turns brackets into parentheses, drops backslashes and flags, and is cut at 60 characters")
    func shortPrompt() {
        #expect(MediaPrompt(text: #"A [red] fox \ in snow --ratio 16:9"#).shortPrompt == "A (red) fox  in snow")
        let long = MediaPrompt(text: String(repeating: "a", count: 70)).shortPrompt
        #expect(long == String(repeating: "a", count: 60) + "…")
    }

    static func job(_ status: JobRecord.Status, message: String, progress: Double? = nil, error: String? = nil) -> JobRecord {
        JobRecord(id: "job_1", principal: "p", model: "video/x", status: status, progress: progress, message: message, createdAt: 1000, startedAt: 1000,
                  errorMessage: error)
    }

    @Test("the provider's word appears only when it says more; a queue position reads as one")
    func providerWords() {
        #expect(ProgressLine.line(for: Self.job(.running, message: "generating"), typical: nil, now: 1012) == "running, 12 s elapsed")
        #expect(ProgressLine.line(for: Self.job(.running, message: "IN_PROGRESS", progress: 0.4), typical: nil, now: 1012) == "running, 40%, 12 s elapsed")
        #expect(ProgressLine.line(for: Self.job(.queued, message: "position 3 in the queue"), typical: nil, now: 1002)
            == "queued, position 3 in the queue, 2 s elapsed")
        #expect(ProgressLine.line(for: Self.job(.running, message: "upscaling frames"), typical: nil, now: 1005) == "running (upscaling frames), 5 s elapsed")
    }

    @Test("a picked-up job names the UTC time it was started, and says yesterday when it was")
    func pickingUp() {
        let job = JobRecord(id: "job_1", principal: "p", model: "video/x", status: .running, message: "", createdAt: 86_400 * 20_000 + 14 * 3600 + 2 * 60)
        #expect(ProgressLine.pickingUp(job, now: job.createdAt + 600) == "picking up the job you started at 14:02 UTC")
        #expect(ProgressLine.pickingUp(job, now: job.createdAt + 12 * 3600) == "picking up the job you started yesterday at 14:02 UTC")
    }

    @Test("an estimate counts down, then says once that the job takes longer than usual")
    func estimates() {
        var lines = ProgressLines(typical: 40)
        let running = Self.job(.running, message: "running")
        #expect(ProgressLine.line(for: running, typical: 40, now: 1010) == "running, 10 s elapsed, about 30 s left")
        #expect(ProgressLine.line(for: running, typical: 40, now: 1050) == "running, 50 s elapsed, taking longer than usual (usually about 40 s)")
        #expect(ProgressLine.gist(of: running, typical: 40, now: 1050) == ProgressLine.gist(of: running, typical: 40, now: 1055))
        #expect(ProgressLine.gist(of: running, typical: 40, now: 1010) != ProgressLine.gist(of: running, typical: 40, now: 1015))
        #expect(ProgressLine.gist(of: running, typical: nil, now: 1010) == ProgressLine.gist(of: running, typical: nil, now: 1015))
        #expect(lines.next(running) != nil && lines.next(running) == nil)
    }

    @Test("a failure is one sentence: the reason once, the job id last, one full stop")
    func failures() {
        let failed = Self.job(.failed, message: "", error: "Seedance could not make this video: the prompt was flagged by its content filter.")
        #expect(ProgressLine.failure(failed) == "Seedance could not make this video: the prompt was flagged by its content filter (job job_1).")
        #expect(MediaChatHandler.failure(failed).message == ProgressLine.failure(failed))
        #expect(ProgressLine.failure(Self.job(.cancelled, message: "")) == "The job was cancelled (job job_1).")
    }
}
