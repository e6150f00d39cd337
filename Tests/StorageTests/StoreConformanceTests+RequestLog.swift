import Foundation
import Storage
import Testing

extension StoreConformanceTests {
    private static let start: Double = 1_767_607_200

    private func logged(_ id: String, _ secondsLater: Double = 0, model: String? = "groq/x", provider: String? = "groq", status: Int = 200,
                        key: String? = "key_a", attempts: [RequestAttempt] = []) -> RequestLogEntry {
        RequestLogEntry(
            id: id, time: Self.start + secondsLater, surface: "chat", keyID: key, principal: key ?? "admin", model: model, provider: provider,
            upstreamModel: "x", status: status, errorCode: status >= 400 ? "upstream_error" : nil, latencyMs: 12.5, ttfbMs: status >= 400 ? nil : 3,
            inputTokens: 10, outputTokens: 5, costUSD: 0.001, attempts: attempts)
    }

    @Test("the request log keeps each request with its attempts and reads it back by id", arguments: Backend.allCases)
    func requestLogEntry(backend: Backend) async throws {
        try await backend.withStores { stores in
            let attempts = [
                RequestAttempt(provider: "groq", key: "gsk_…ood1", status: 503, durationMs: 40, error: "answered 503 Service Unavailable"),
                RequestAttempt(provider: "groq", key: "gsk_…ood2", status: nil, durationMs: 2, error: "connection refused"),
                RequestAttempt(provider: "cerebras", key: "csk_…abcd", status: 200, durationMs: 120),
            ]
            var entry = logged("req_one", attempts: attempts)
            entry.requestBody = "{\"model\":\"groq/x\"}"
            try await stores.requestLog.record([entry, logged("req_two", 1)])
            #expect(try await stores.requestLog.entry(id: "req_one") == entry)
            #expect(try await stores.requestLog.entry(id: "req_unknown") == nil)
            try await stores.requestLog.record([])
        }
    }

    @Test("request log lists go newest first in pages, narrowed by model, provider, status, key and time", arguments: Backend.allCases)
    func requestLogList(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.requestLog.record([
                logged("req_a", 0), logged("req_b", 10, status: 502), logged("req_c", 20, model: "image/doubao", provider: "doubao"),
                logged("req_d", 30, key: nil), logged("req_e", 40, status: 502, key: "key_b"),
            ])
            let log = stores.requestLog
            let first = try await log.list(RequestLogFilter(), limit: 2, after: nil)
            #expect(first.items.map(\.id) == ["req_e", "req_d"] && first.hasMore)
            let second = try await log.list(RequestLogFilter(), limit: 2, after: "req_d")
            #expect(second.items.map(\.id) == ["req_c", "req_b"] && second.hasMore)
            let last = try await log.list(RequestLogFilter(), limit: 2, after: "req_b")
            #expect(last.items.map(\.id) == ["req_a"] && !last.hasMore)
            #expect(try await log.list(RequestLogFilter(status: 502), limit: 10, after: nil).items.map(\.id) == ["req_e", "req_b"])
            #expect(try await log.list(RequestLogFilter(model: "image/doubao"), limit: 10, after: nil).items.map(\.id) == ["req_c"])
            #expect(try await log.list(RequestLogFilter(provider: "groq", keyID: "key_a"), limit: 10, after: nil).items.map(\.id) == ["req_b", "req_a"])
            #expect(try await log.list(RequestLogFilter(since: Self.start + 25), limit: 10, after: nil).items.map(\.id) == ["req_e", "req_d"])
            #expect(try await log.list(RequestLogFilter(status: 418), limit: 10, after: nil).items.isEmpty)
            await #expect(throws: StoreError.self) { try await log.list(RequestLogFilter(), limit: 2, after: "req_nowhere") }
        }
    }

    @Test("purging the request log removes what began before the cut and nothing after it", arguments: Backend.allCases)
    func requestLogPurge(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.requestLog.record([logged("req_old", 0), logged("req_older", -10), logged("req_new", 100)])
            #expect(try await stores.requestLog.purge(before: Self.start + 50) == 2)
            #expect(try await stores.requestLog.list(RequestLogFilter(), limit: 10, after: nil).items.map(\.id) == ["req_new"])
            #expect(try await stores.requestLog.purge(before: Self.start + 50) == 0)
        }
    }
}
