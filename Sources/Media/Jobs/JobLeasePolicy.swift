import Foundation
import Storage

/// How this replica leases the jobs it follows (SPEC §17): under its own id, for `JOB_LEASE_SECONDS`,
/// renewed every third of that, so a replica that dies lets go of its jobs within one lease.
public struct JobLeasePolicy: Sendable {
    /// This replica's id, unique per process.
    public let owner: String
    public let seconds: Int
    /// When this replica started (Unix seconds): leases that end before `startedAt + seconds` were taken
    /// by an earlier run.
    public let startedAt: Double

    public init(owner: String, seconds: Int, startedAt: Double = Date().timeIntervalSince1970) {
        self.owner = owner
        self.seconds = seconds
        self.startedAt = startedAt
    }

    /// A lease that starts now.
    public func lease(now: Double = Date().timeIntervalSince1970) -> JobLease {
        JobLease(owner: owner, until: now + Double(seconds))
    }
}
