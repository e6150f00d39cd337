import Foundation
import PrismShared
import Storage
import Testing

extension StoreConformanceTests {
    @Test("a managed key round-trips every field, is found by its secret's hash, and changes bump the version", arguments: Backend.allCases)
    func keyRoundTrip(backend: Backend) async throws {
        try await backend.withStores { stores in
            let start = try await stores.keys.version()
            let key = keyRecord("key_1", secret: "s1")
            try await stores.keys.insert(key)
            #expect(try await stores.keys.key(id: "key_1") == key)
            #expect(try await stores.keys.key(secretHash: "hash-of-s1") == key)
            #expect(try await stores.keys.key(secretHash: "hash-of-other") == nil)
            let afterInsert = try await stores.keys.version()
            #expect(afterInsert > start)

            var changed = key
            changed.disabled = true
            changed.rules = AccessRules()
            changed.tags = []
            changed.metadata = .null
            changed.expiresAt = nil
            #expect(try await stores.keys.update(changed))
            #expect(try await stores.keys.key(id: "key_1") == changed)
            #expect(try await stores.keys.version() > afterInsert)

            var missing = key
            missing.id = "key_missing"
            let beforeMiss = try await stores.keys.version()
            #expect(try await !stores.keys.update(missing))
            #expect(try await !stores.keys.deleteKey(id: "key_missing"))
            #expect(try await stores.keys.version() == beforeMiss)

            #expect(try await stores.keys.deleteKey(id: "key_1"))
            #expect(try await stores.keys.key(secretHash: "hash-of-s1") == nil)
            #expect(try await stores.keys.version() > beforeMiss)
        }
    }

    @Test("two keys cannot share a secret", arguments: Backend.allCases)
    func keySecretUnique(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.keys.insert(keyRecord("key_a", secret: "same"))
            await #expect(throws: (any Error).self) { try await stores.keys.insert(keyRecord("key_b", secret: "same")) }
            #expect(try await stores.keys.key(id: "key_b") == nil)
        }
    }

    @Test("keys list oldest first, by team, from a cursor", arguments: Backend.allCases)
    func keyPages(backend: Backend) async throws {
        try await backend.withStores { stores in
            for (id, team) in [("key_q", "team_x"), ("key_c", nil), ("key_z", "team_x"), ("key_a", "team_x")] as [(String, String?)] {
                try await stores.keys.insert(keyRecord(id, team: team))
            }
            let first = try await stores.keys.keys(teamID: nil, limit: 3, after: nil)
            #expect(first.items.map(\.id) == ["key_q", "key_c", "key_z"] && first.hasMore)
            let rest = try await stores.keys.keys(teamID: nil, limit: 3, after: "key_z")
            #expect(rest.items.map(\.id) == ["key_a"] && !rest.hasMore)
            #expect(try await stores.keys.keys(teamID: "team_x", limit: 10, after: "key_q").items.map(\.id) == ["key_z", "key_a"])
            await #expect(throws: StoreError.unknownCursor("key_gone")) { try await stores.keys.keys(teamID: nil, limit: 3, after: "key_gone") }
        }
    }

    @Test("teams round-trip, list, and are deleted only without keys", arguments: Backend.allCases)
    func teams(backend: Backend) async throws {
        try await backend.withStores { stores in
            let team = TeamRecord(id: "team_1", name: "research", rules: AccessRules(models: ["*"], budget: Budget(usd: 100, period: .month)), createdAt: 5)
            try await stores.keys.insert(team)
            try await stores.keys.insert(TeamRecord(id: "team_2", name: "ops", createdAt: 6))
            #expect(try await stores.keys.team(id: "team_1") == team)
            var renamed = team
            renamed.name = "science"
            renamed.rules.rateLimit = RateLimit(rpm: 10)
            #expect(try await stores.keys.update(renamed))
            #expect(try await stores.keys.team(id: "team_1") == renamed)
            let page = try await stores.keys.teams(limit: 1, after: nil)
            #expect(page.items.map(\.id) == ["team_1"] && page.hasMore)
            #expect(try await stores.keys.teams(limit: 5, after: "team_1").items.map(\.id) == ["team_2"])

            try await stores.keys.insert(keyRecord("key_in_team", team: "team_1"))
            #expect(try await stores.keys.deleteTeam(id: "team_1") == .hasKeys(1))
            #expect(try await stores.keys.team(id: "team_1") != nil)
            #expect(try await stores.keys.deleteKey(id: "key_in_team"))
            #expect(try await stores.keys.deleteTeam(id: "team_1") == .deleted)
            #expect(try await stores.keys.deleteTeam(id: "team_1") == .notFound)
        }
    }
}
