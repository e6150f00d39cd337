/// The request log (SPEC §14): every request with its attempts, kept for `REQUEST_LOG_DAYS`. Written in
/// batches by an observer of request outcomes, off the request path. Implementations: `SQLiteRequestLog` and
/// `PostgresRequestLog`; both pass the same conformance suite.
///
/// ```swift
/// try await log.record([RequestLogEntry(id: "req_1", time: now, surface: "chat", principal: "admin", status: 200)])
/// let page = try await log.list(RequestLogFilter(status: 502), limit: 20, after: nil)
/// let gone = try await log.purge(before: now - 7 * 86_400)
/// ```
public protocol RequestLog: Sendable {
    /// Writes entries in one transaction; an entry with the id and start time of one already kept (a copy run
    /// twice) is left out.
    func record(_ entries: [RequestLogEntry]) async throws
    /// Entries newest first by insertion order, narrowed by `filter`; `after` is the id of the last entry of
    /// the previous page (`StoreError.unknownCursor` when the log has no such entry).
    func list(_ filter: RequestLogFilter, limit: Int, after: String?) async throws -> Page<RequestLogEntry>
    /// The entry of a request id (the newest, should a client have sent one id twice), or nil.
    func entry(id: String) async throws -> RequestLogEntry?
    /// Removes entries that began before `before` (Unix seconds); returns how many went.
    func purge(before: Double) async throws -> Int
}
