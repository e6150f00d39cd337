import Foundation
import Storage

/// How this replica leases the jobs it follows (SPEC §17): under its own id, for `JOB_LEASE_SECONDS`,
/// renewed every third of that, so a replica that dies lets go of its jobs within one lease.
public struct JobLeasePolicy: Sendable {
    /// This replica's id, unique per process.
    public let owner: String
    public let seconds: Int

    public init(owner: String, seconds: Int) {
        self.owner = owner
        self.seconds = seconds
    }

    /// A lease that starts now.
    public func lease(now: Double = Date().timeIntervalSince1970) -> JobLease {
        JobLease(owner: owner, until: now + Double(seconds))
    }
}
