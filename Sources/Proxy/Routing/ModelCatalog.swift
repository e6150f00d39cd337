import PrismShared

/// The upstream model lists behind `GET /v1/models`: fetched concurrently with one key of each pool and
/// no retries, cached for `MODELS_CACHE_SECONDS`. A provider whose list fails is left out and not cached.
actor ModelCatalog {
    private struct Entry {
        let ids: [String]
        let expires: ContinuousClock.Instant
    }

    private let dispatcher: ChatDispatcher
    private let defaultProvider: String
    private let cacheSeconds: Int
    /// Lists fetched with the environment's keys; a BYOK caller's lists are its own and never cached.
    private var cache: [String: Entry] = [:]

    init(dispatcher: ChatDispatcher, defaultProvider: String, cacheSeconds: Int) {
        self.dispatcher = dispatcher
        self.defaultProvider = defaultProvider
        self.cacheSeconds = cacheSeconds
    }

    /// Prefixed model ids of every provider `principal` may use, by provider name.
    func models(for principal: Principal) async -> [(provider: String, ids: [String])] {
        let now = ContinuousClock.now
        var lists: [String: [String]] = [:]
        var fetches: [(name: String, provider: any ChatProvider, key: String)] = []
        for name in dispatcher.providers.keys.sorted() {
            if case .byok(let own) = principal.role, own.perProvider[name] == nil, name != defaultProvider {
                // A Bearer key list is meant for one provider; offering it to every other one would leak it.
                continue
            }
            guard let (provider, pool) = try? dispatcher.resolve(name, for: principal) else { continue }
            if !principal.isBYOK, let entry = cache[name], entry.expires > now {
                lists[name] = entry.ids
            } else if let lease = pool.leases(limit: 1).leases.first {
                fetches.append((name, provider, lease.key))
            }
        }
        let cacheable = !principal.isBYOK
        await withTaskGroup(of: (String, [String]?).self) { group in
            for fetch in fetches {
                group.addTask { (fetch.name, try? await fetch.provider.listModels(key: fetch.key)) }
            }
            for await (name, ids) in group {
                guard let ids else { continue }
                lists[name] = ids
                if cacheable { cache[name] = Entry(ids: ids, expires: .now + .seconds(cacheSeconds)) }
            }
        }
        return lists.keys.sorted().map { name in (name, lists[name]!.map { "\(name)/\($0)" }) }
    }
}

extension Principal {
    var isBYOK: Bool {
        if case .byok = role { return true }
        return false
    }
}
