import Storage
import Testing
@testable import Proxy

@Suite("Admission pieces: model globs, key secrets, rate windows")
struct AdmissionPiecesTests {
    @Test("a glob's * matches any characters, slashes included; anything else matches itself")
    func globs() throws {
        let globs = try ["groq/*", "image/*", "fast", "*/llama-*-instant"].map { try ModelGlob($0) }
        for allowed in ["groq/llama-3.1-8b-instant", "groq/", "image/doubao", "image/modelscope/Qwen/Qwen-Image", "fast", "cerebras/llama-3.1-instant"] {
            #expect(globs.allows(allowed), "\(allowed)")
        }
        for refused in ["fast2", "groqx/y", "video/doubao", "openai/gpt-4o", "llama-3.1-instant", "Fast"] {
            #expect(!globs.allows(refused), "\(refused)")
        }
        #expect(try ModelGlob("*").matches("anything/at/all"))
        #expect(try !ModelGlob("a*a").matches("a"))
        #expect(try ModelGlob("a*a").matches("aa"))
    }

    @Test("patterns of other glob dialects, spaces and empty ones are refused with the field named", arguments: ["", "groq/ *", "gpt-4?", "[ab]", "{a,b}"])
    func badGlobs(pattern: String) {
        #expect(throws: GatewayError.self) { try ModelGlob(pattern) }
        do { _ = try ModelGlob(pattern) } catch { #expect(error.param == "models") }
    }

    @Test("a secret is random, hashed with SHA-256 and hinted by its last four characters")
    func secrets() {
        let secret = KeySecret.generate()
        #expect(secret.value.hasPrefix("sk-prism-") && secret.value.count == 41)
        #expect(secret.value != KeySecret.generate().value)
        #expect(KeySecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(secret.hint == "sk-prism-…" + secret.value.suffix(4))
        #expect(!secret.hint.contains(secret.value.dropFirst(9).prefix(8)))
    }

    @Test("rpm, rpd and tpm refuse in their window with the seconds to its end, and a new window starts afresh")
    func windows() {
        let windows = RateWindows()
        let minuteStart = 1_767_607_200.0
        let limit = RateLimit(rpm: 2, tpm: 100, rpd: 3)
        guard case .success(let first) = windows.admit("key:a", limit: limit, now: minuteStart + 10) else { Issue.record("refused"); return }
        #expect(first == RateWindows.Standing(limitRequests: 2, remainingRequests: 1, resetRequestsSeconds: 50, limitTokens: 100, remainingTokens: 100, resetTokensSeconds: 50))
        #expect((try? windows.admit("key:a", limit: limit, now: minuteStart + 20).get())?.remainingRequests == 0)
        #expect(windows.admit("key:a", limit: limit, now: minuteStart + 45) == .failure(.init(limit: "2 requests per minute", retryAfter: 15)))
        #expect((try? windows.admit("key:b", limit: limit, now: minuteStart + 45).get()) != nil)

        // The next minute: one more request fits the day's three, and its tokens use the minute up.
        #expect((try? windows.admit("key:a", limit: limit, now: minuteStart + 61).get()) != nil)
        windows.spend("key:a", tokens: 100, now: minuteStart + 62)
        #expect(windows.admit("key:a", limit: limit, now: minuteStart + 63) == .failure(.init(limit: "3 requests per day", retryAfter: 86_400 - 3600 * 10 - 63)))
        let tokensOnly = RateLimit(tpm: 100)
        #expect((try? windows.admit("key:c", limit: tokensOnly, now: minuteStart).get()) != nil)
        windows.spend("key:c", tokens: 150, now: minuteStart + 1)
        #expect(windows.admit("key:c", limit: tokensOnly, now: minuteStart + 2) == .failure(.init(limit: "100 tokens per minute", retryAfter: 58)))
        #expect((try? windows.admit("key:c", limit: tokensOnly, now: minuteStart + 60).get())?.remainingTokens == 100)
    }

    @Test("two replicas' windows over one database: each learns the other's counts when they reconcile, and the limit holds for both")
    func reconciledWindows() async throws {
        let ledger = try Stores.inMemory().usage
        let (one, two) = (RateWindows(), RateWindows())
        let now = 1_767_607_200.0
        let limit = RateLimit(rpm: 100, tpm: 1000, rpd: 5)
        for _ in 0..<3 { #expect((try? one.admit("key:a", limit: limit, now: now).get()) != nil) }
        one.spend("key:a", tokens: 400, now: now)
        #expect((try? two.admit("key:a", limit: limit, now: now).get())?.remainingRequests == 99)
        try await one.reconcile(through: ledger, now: now + 0.5)
        try await two.reconcile(through: ledger, now: now + 0.5)
        // Replica two now knows of one's three requests and 400 tokens: one more of the day's five fits.
        let standing = try two.admit("key:a", limit: limit, now: now + 1).get()
        #expect(standing.remainingRequests == 95 && standing.remainingTokens == 600)
        #expect(two.admit("key:a", limit: limit, now: now + 1) == .failure(.init(limit: "5 requests per day", retryAfter: 86_400 - 3600 * 10 - 1)))
        try await two.reconcile(through: ledger, now: now + 1.5)
        try await one.reconcile(through: ledger, now: now + 1.5)
        #expect(one.admit("key:a", limit: limit, now: now + 2) == .failure(.init(limit: "5 requests per day", retryAfter: 86_400 - 3600 * 10 - 2)))
        // Counting again does not count twice: with nothing new, the totals stay five.
        try await one.reconcile(through: ledger, now: now + 2.5)
        #expect(try await ledger.addRateCounts([], totalsOf: [RateCount(scope: "key:a", span: "d:\(Int(now / 86_400))", requests: 0, tokens: 0, endsAt: 0)], now: now).first?.requests == 5)
    }
}
