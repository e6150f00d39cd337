import Media
import Storage

/// At start-up, picks up the media jobs an earlier run of the gateway left unfinished: each is followed
/// again at its provider, or ends failed with the reason when it cannot be.
struct JobSupervisor: Sendable {
    let registry: MediaRegistry
    let runner: JobRunner

    /// Resumes every unfinished job; returns how many there were.
    @discardableResult
    func resumeUnfinished() async -> Int {
        guard let unfinished = try? await runner.jobs.unfinished() else { return 0 }
        for job in unfinished {
            do {
                await runner.resume(job, provider: try provider(for: job))
            } catch {
                await runner.abandon(job, reason: "Prism restarted and cannot pick the job up again: \(error.message)")
            }
        }
        return unfinished.count
    }

    /// The provider of a job as it was started, under its owner's access.
    private func provider(for job: JobRecord) throws(GatewayError) -> any MediaProvider {
        let parts = job.model.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let family = MediaFamily(rawValue: parts[0]) else {
            throw .invalidRequest("`\(job.model)` is not a media model")
        }
        // A caller's own keys are never stored, so its jobs cannot be followed again.
        guard !job.principal.hasPrefix(Principal.ownKeysPrefix) else {
            throw .invalidRequest("the job ran on the caller's own provider key, which Prism does not keep; send the prompt again")
        }
        let principal = job.principal == Principal.admin.id ? Principal.admin : Principal(id: job.principal, role: .user)
        return try registry.provider(family, parts[1], principal: principal)
    }
}
