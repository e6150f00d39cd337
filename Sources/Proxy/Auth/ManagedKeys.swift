import Foundation
import Storage
import Synchronization

/// Managed keys as principals (SPEC §13), looked up by the SHA-256 of the presented secret through a cache.
/// The cache is emptied by this replica's own changes at once, and whenever the store's version moved
/// (looked at no more than once a second), so a key revoked on another replica stops working within a
/// second there too.
final class ManagedKeys: Sendable {
    private struct Cache {
        var version = -1
        var checkedAt = 0.0
        /// By secret hash; nil remembers that no key has that secret.
        var entries: [String: (key: KeyRecord, team: TeamRecord?)?] = [:]
    }

    private let store: any KeyStore
    private let cache = Mutex(Cache())
    private let now: @Sendable () -> Double

    init(store: any KeyStore, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.store = store
        self.now = now
    }

    /// The principal of a managed key's secret; nil when no key has it. A disabled or expired key is a 401
    /// that says which.
    func principal(secret: String) async throws -> Principal? {
        let hash = KeySecret.hash(secret)
        let time = now()
        try await refreshIfStale(at: time)
        let cached = cache.withLock { $0.entries[hash] }
        let found: (key: KeyRecord, team: TeamRecord?)?
        if let cached {
            found = cached
        } else {
            let key = try await store.key(secretHash: hash)
            let team = try await key?.teamID.asyncMap { try await store.team(id: $0) } ?? nil
            found = key.map { ($0, team) }
            cache.withLock { cache in
                // Random secrets are remembered as unknown too; a flood of them must not grow the cache forever.
                if cache.entries.count >= 10_000 { cache.entries = [:] }
                cache.entries[hash] = .some(found)
            }
        }
        guard let (key, team) = found else { return nil }
        if key.disabled {
            throw GatewayError.unauthorized("The API key \(key.id) (\(key.name)) is disabled: ask the admin to enable it, or use another key.")
        }
        if let expiresAt = key.expiresAt, Double(expiresAt) <= time {
            let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(expiresAt)))
            throw GatewayError.unauthorized("The API key \(key.id) (\(key.name)) expired at \(date): ask the admin for a new one.")
        }
        return Principal(id: key.id, role: .user, access: ManagedAccess(key: key, team: team))
    }

    /// Forgets every key: called after this replica changed one.
    func invalidate() {
        cache.withLock { $0.entries = [:] }
    }

    private func refreshIfStale(at time: Double) async throws {
        let due = cache.withLock { cache -> Bool in
            guard time - cache.checkedAt >= 1 else { return false }
            cache.checkedAt = time
            return true
        }
        guard due else { return }
        let version = try await store.version()
        cache.withLock { cache in
            if cache.version != version { (cache.version, cache.entries) = (version, [:]) }
        }
    }
}

extension Optional {
    fileprivate func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
