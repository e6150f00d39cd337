import Foundation
import Logging
import Media
import Storage

/// Keeps this replica's media jobs leased and picks up the ones nobody holds (SPEC §17): at start-up the
/// jobs an earlier run left unfinished, and later those of a replica that died. Each is followed again at
/// its provider, or ends failed with the reason when it cannot be.
struct JobSupervisor: Sendable {
    let registry: MediaRegistry
    let runner: JobRunner
    /// Whether other replicas may share the database: then only expired leases are taken.
    let shared: Bool
    let logger: Logger

    /// Renews this replica's leases and takes expired ones, every third of a lease, until cancelled.
    func run() async {
        let resumed = await takeOver(startingUp: true)
        if resumed > 0 { logger.info("Resumed \(resumed) unfinished media job(s)") }
        let pause = Duration.milliseconds(runner.leases.seconds * 1000 / 3)
        while !Task.isCancelled {
            try? await Task.sleep(for: pause)
            guard !Task.isCancelled else { return }
            do {
                _ = try await runner.jobs.renew(runner.leases.lease(), ids: runner.runningIDs)
            } catch {
                logger.error("The leases of this replica's media jobs could not be renewed: \(error)")
            }
            let taken = await takeOver(startingUp: false)
            if taken > 0 { logger.info("Took over \(taken) media job(s) whose replica stopped renewing them") }
        }
    }

    /// Resumes the jobs whose lease ran out — at start-up on a database of its own, every one an earlier
    /// run left: a lease that ends before this run's first lease could end was not taken by this run (jobs
    /// this run has started meanwhile are never taken twice).
    @discardableResult
    func takeOver(startingUp: Bool) async -> Int {
        let now = startingUp && !shared ? runner.leases.startedAt + Double(runner.leases.seconds) : Date().timeIntervalSince1970
        let taken: [JobRecord]
        do {
            taken = try await runner.jobs.takeExpired(runner.leases.lease(), now: now, limit: 100)
        } catch {
            logger.error("Unfinished media jobs could not be looked up: \(error)")
            return 0
        }
        let running = Set(runner.runningIDs)
        for job in taken where !running.contains(job.id) {
            do {
                await runner.resume(job, provider: try provider(for: job))
            } catch {
                await runner.abandon(job, reason: "Prism restarted and cannot pick the job up again: \(error.message)")
            }
        }
        return taken.count
    }

    /// The provider of a job as it was started, under its owner's access.
    private func provider(for job: JobRecord) throws(GatewayError) -> any MediaProvider {
        let parts = job.model.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let family = MediaFamily(rawValue: parts[0]) else {
            throw .invalidRequest("\(job.model) is not a media model")
        }
        // A caller's own keys are never stored, so its jobs cannot be followed again.
        guard !job.principal.hasPrefix(Principal.ownKeysPrefix) else {
            throw .invalidRequest("the job ran on the caller's own provider key, which Prism does not keep; send the prompt again")
        }
        let principal = job.principal == Principal.admin.id ? Principal.admin : Principal(id: job.principal, role: .user)
        return try registry.provider(family, parts[1], principal: principal)
    }
}
