import PrismShared
import Synchronization

/// The chains of recently stored or read responses, in memory, so a conversation's next turn does not read
/// and parse its whole history again. Only for the SQLite backend: one process owns the file, so nothing
/// changes behind the cache's back (PostgreSQL replicas could delete a response on another replica).
///
/// Only chains whose every response is final are kept (a media response stored `in_progress` changes when
/// its job ends). Any delete empties the cache: deletes are rare and a chain may run through the deleted one.
///
/// Two generations approximate least-recently-used at O(1): lookups promote into the young one; when it is
/// full the old one is dropped and the young one takes its place.
final class RecentChains: Sendable {
    private struct Entry {
        let links: [ChainLink]
        let principals: Set<String>
    }

    private struct Generations {
        var young: [String: Entry] = [:]
        var old: [String: Entry] = [:]
        /// Counts clears, so a chain read before a delete is not remembered after it.
        var clears = 0
    }

    private let capacity: Int
    private let generations = Mutex(Generations())

    /// `capacity` chains at most in each of the two generations.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The chain ending at `id` when it is cached and `scope` may see all of it.
    func chain(endingAt id: String, scope: Scope) -> [ChainLink]? {
        generations.withLock { state -> [ChainLink]? in
            guard let entry = state.young[id] ?? state.old[id] else { return nil }
            guard scope.isAdmin || entry.principals == [scope.principal] else { return nil }
            if state.young[id] == nil { insert(entry, for: id, into: &state) }
            return entry.links
        }
    }

    /// Taken before reading a chain from the database, and given back to `remember`.
    var epoch: Int { generations.withLock { $0.clears } }

    /// Remembers a chain read from the database, if every response in it is final and nothing was deleted
    /// since the read began (`epoch`).
    func remember(_ links: [ChainLink], endingAt id: String, principals: Set<String>, epoch: Int) {
        guard links.allSatisfy(\.isFinal) else { return }
        generations.withLock { state in
            guard state.clears == epoch else { return }
            insert(Entry(links: links, principals: principals), for: id, into: &state)
        }
    }

    /// Remembers a newly stored response as its parent's cached chain plus itself. Nothing is kept when the
    /// parent's chain is not cached (the next read fills it) or the response is not final.
    func extend(_ response: NewStoredResponse) {
        let link = ChainLink(object: response.object, inputItems: response.inputItems)
        guard link.isFinal else { return }
        generations.withLock { state in
            guard state.young[response.id] == nil, state.old[response.id] == nil else { return }
            var links = [link]
            var principals: Set<String> = [response.principal]
            if let parentID = response.previousResponseID {
                guard let parent = state.young[parentID] ?? state.old[parentID] else { return }
                links = parent.links + links
                principals.formUnion(parent.principals)
            }
            insert(Entry(links: links, principals: principals), for: response.id, into: &state)
        }
    }

    /// Forgets everything (after a delete, or a response finishing late).
    func clear() {
        generations.withLock { state in
            state = Generations(clears: state.clears + 1)
        }
    }

    private func insert(_ entry: Entry, for id: String, into state: inout Generations) {
        if state.young.count >= capacity {
            state.old = state.young
            state.young = [:]
            state.young.reserveCapacity(capacity)
        }
        state.young[id] = entry
    }
}

extension ChainLink {
    /// Whether this response can no longer change: one stored waiting for a media job (`in_progress`, or
    /// `incomplete` when its client left) is finished later by `complete`.
    var isFinal: Bool {
        let status = object["status"]?.stringValue
        return status != "in_progress" && status != "queued" && status != "incomplete"
    }
}
