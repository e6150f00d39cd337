import Testing
@testable import Media

@Suite("The small wire helpers of the Replicate and Kling providers")
struct ProviderWireTests {
    /// Computed independently with Python's hmac and base64 (compact JSON, keys in this order):
    /// header {"alg":"HS256","typ":"JWT"}, payload {"iss":"ak-prism-test","exp":1700001800,"nbf":1699999995},
    /// key "sk-prism-secret".
    static let knownToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        + "eyJpc3MiOiJhay1wcmlzbS10ZXN0IiwiZXhwIjoxNzAwMDAxODAwLCJuYmYiOjE2OTk5OTk5OTV9."
        + "0ieaF5A2eI70-H-wteDCCFzR5cRyM9eAzzQ5GiUq83A"

    @Test("Kling's token is the HS256 JWT of the access key, valid from five seconds ago for 30 minutes")
    func klingToken() {
        #expect(KlingToken.make(access: "ak-prism-test", secret: "sk-prism-secret", now: 1_700_000_000) == Self.knownToken)
    }

    @Test("a token is reused until five minutes before it expires, and not across secret keys")
    func klingTokenCache() {
        let cache = KlingTokenCache()
        let first = cache.token(access: "ak-cache", secret: "sk-one", now: 1_700_000_000)
        #expect(cache.token(access: "ak-cache", secret: "sk-one", now: 1_700_001_499) == first)
        let renewed = cache.token(access: "ak-cache", secret: "sk-one", now: 1_700_001_500)
        #expect(renewed != first && renewed == KlingToken.make(access: "ak-cache", secret: "sk-one", now: 1_700_001_500))
        #expect(cache.token(access: "ak-cache", secret: "sk-two", now: 1_700_001_501) == KlingToken.make(access: "ak-cache", secret: "sk-two", now: 1_700_001_501))
        cache.forget(access: "ak-cache")
        #expect(cache.token(access: "ak-cache", secret: "sk-two", now: 1_700_001_502) == KlingToken.make(access: "ak-cache", secret: "sk-two", now: 1_700_001_502))
    }

    @Test("Replicate's progress is the last percentage of its logs", arguments: [
        ("Loading\n  0%|          | 0/20\n 45%|████▌     | 9/20", 45),
        ("step 3 of 10 (12.5%) then 100%", 100),
        ("no bar here", nil),
        ("odd 250% then 7%", 7),
    ] as [(String, Int?)])
    func replicatePercent(logs: String, percent: Int?) {
        #expect(ReplicatePrediction.lastPercent(in: logs) == percent)
    }

    @Test("a provider's reason becomes one plain clause")
    func plainReasons() {
        #expect(plainReason("  Bad `size`.\n Try again.  ") == "Bad 'size'. Try again")
        #expect(plainReason(nil) == "no reason given")
        #expect(plainReason("...") == "no reason given")
    }
}
