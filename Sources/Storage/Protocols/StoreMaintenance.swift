/// What the admin console asks of the database as a whole.
public protocol StoreMaintenance: Sendable {
    /// Rows per table and the bytes of distinct media blobs, for `admin/magic stats`.
    func statistics() async throws -> (counts: [String: Int], mediaBytes: Int)
    /// The bytes the database takes (SQLite's pages, PostgreSQL's `pg_database_size`).
    func databaseBytes() async throws -> Int
    /// Gives back unused space; returns nothing a caller acts on.
    func vacuum() async throws
    /// A secret Prism generated once (media signing key, webhook secret), created on first use and shared
    /// by every replica of the same database.
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8]
}
