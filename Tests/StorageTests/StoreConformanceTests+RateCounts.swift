import Foundation
import Storage
import Testing

extension StoreConformanceTests {
    @Test("rate counts of two replicas add up per window; windows long over are removed", arguments: Backend.allCases)
    func rateCounts(backend: Backend) async throws {
        try await backend.withStores { stores in
            let now: Double = 1_767_607_200
            func count(_ scope: String, _ span: String, _ requests: Int, _ tokens: Int = 0, ends: Double = 1_767_607_260) -> RateCount {
                RateCount(scope: scope, span: span, requests: requests, tokens: tokens, endsAt: ends)
            }
            let windows = [count("key:a", "m:1", 0), count("key:a", "d:1", 0), count("team:t", "m:1", 0)]
            // Replica one counted 3 requests and 120 tokens this minute; replica two 2 requests and 30 tokens.
            let first = try await stores.usage.addRateCounts([count("key:a", "m:1", 3, 120), count("key:a", "d:1", 3)], totalsOf: windows, now: now)
            #expect(Set(first) == [count("key:a", "m:1", 3, 120), count("key:a", "d:1", 3)])
            let second = try await stores.usage.addRateCounts([count("key:a", "m:1", 2, 30), count("key:a", "d:1", 2)], totalsOf: windows, now: now)
            #expect(Set(second) == [count("key:a", "m:1", 5, 150), count("key:a", "d:1", 5)])
            // Asking without counting answers the totals as they are.
            #expect(Set(try await stores.usage.addRateCounts([], totalsOf: windows, now: now)) == Set(second))
            // A day later, the old minute's row is gone.
            let old = [count("key:a", "m:1", 0)]
            #expect(try await stores.usage.addRateCounts([], totalsOf: old, now: now + 2 * 86_400).isEmpty)
        }
    }
}
