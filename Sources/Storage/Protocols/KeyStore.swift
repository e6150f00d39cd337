/// Managed keys and teams (SPEC §13). Implementations: `SQLiteKeyStore` and `PostgresKeyStore`; both pass
/// the same conformance suite. Every change bumps `version()`, which a replica's key cache compares to know
/// that a key was revoked or changed elsewhere.
///
/// ```swift
/// try await keys.insert(KeyRecord(id: "key_…", name: "ci", secretHash: sha256, secretHint: "sk-prism-…abcd", createdAt: now))
/// let found = try await keys.key(secretHash: sha256)
/// ```
public protocol KeyStore: Sendable {
    func insert(_ key: KeyRecord) async throws
    /// Replaces the key with `key.id`; `false` when there is none.
    func update(_ key: KeyRecord) async throws -> Bool
    func deleteKey(id: String) async throws -> Bool
    func key(id: String) async throws -> KeyRecord?
    /// The key whose secret has this SHA-256 (hex), for authentication.
    func key(secretHash: String) async throws -> KeyRecord?
    /// Oldest first, from the cursor `after`; only the keys of `teamID` when given.
    func keys(teamID: String?, limit: Int, after: String?) async throws -> Page<KeyRecord>

    func insert(_ team: TeamRecord) async throws
    func update(_ team: TeamRecord) async throws -> Bool
    /// Deletes a team that has no keys; `.hasKeys(n)` when keys still name it.
    func deleteTeam(id: String) async throws -> TeamDeletion
    func team(id: String) async throws -> TeamRecord?
    func teams(limit: Int, after: String?) async throws -> Page<TeamRecord>

    /// A number that every change to a key or team increases.
    func version() async throws -> Int
}

/// What `deleteTeam` did.
public enum TeamDeletion: Sendable, Equatable {
    case deleted
    case notFound
    /// The team still has this many keys: they must be moved or deleted first.
    case hasKeys(Int)
}
