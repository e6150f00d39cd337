/// Who is calling. Stored objects are scoped to `id`; the admin sees everything.
struct Principal: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        /// The PASSWORD holder, or anybody in local mode.
        case admin
        /// One of API_KEYS: uses the environment's provider keys, sees only its own objects.
        case user
        /// A caller who brought its own upstream keys (ALLOW_BYOK): never gets the environment's keys.
        case byok(OwnKeys)
    }

    /// A stable identifier that never contains the key itself.
    let id: String
    let role: Role
    /// A managed key's rules (SPEC §13): set for those keys only.
    var access: ManagedAccess? = nil

    var isAdmin: Bool { role == .admin }

    static let admin = Principal(id: "admin", role: .admin)
    /// How the ids of BYOK callers start, so stored work can tell it ran on keys Prism never kept.
    static let ownKeysPrefix = "byok_"

    /// The owner a media or job query is limited to: `nil` (everything) for the admin.
    var ownerFilter: String? { isAdmin ? nil : id }

    /// The upstream keys a BYOK caller presented, to keep out of anything Prism says or stores.
    var ownKeys: [String] {
        guard case .byok(let own) = role else { return [] }
        return own.bearer + own.perProvider.values.joined()
    }
}

/// Upstream keys a BYOK caller presented: the Bearer list, and per-provider `x-<provider>-api-key` headers.
struct OwnKeys: Sendable, Hashable {
    var bearer: [String]
    var perProvider: [String: [String]]

    /// The keys to use for `provider`: its own header wins over the Bearer list.
    func keys(for provider: String) -> [String] {
        perProvider[provider] ?? bearer
    }
}
