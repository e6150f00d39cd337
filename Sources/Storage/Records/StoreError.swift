/// Why a store could not do what was asked, in its own words: the HTTP layer decides the status.
public enum StoreError: Error, Sendable, Equatable {
    /// A list cursor that names nothing the caller may see.
    case unknownCursor(String)
    /// The database could not be reached or failed; `reason` says which and why, without secrets.
    case unavailable(String)
}
