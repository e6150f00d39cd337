/// What the admin console asks of the database as a whole.
public protocol StoreMaintenance: Sendable {
    /// Rows per table and the bytes of distinct media blobs, for `admin/magic stats`.
    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int)
    /// Gives back unused space; returns nothing a caller acts on.
    func vacuum() async throws
    /// A secret Prism generated once (media signing key, webhook secret), created on first use and shared
    /// by every replica of the same database.
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8]
}
