import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PrismShared
import Testing
@testable import Proxy

@Suite("Key pools, retries and the errors when every attempt fails")
struct KeyRotationTests {
    @Test("keys are used round-robin")
    func roundRobin() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.json(OpenAIWire.completion("ok")) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k-a,k-b,k-c", "GROQ_BASE_URL": base]) { client in
                for _ in 0..<6 { _ = try await client.postJSON("/v1/chat/completions", chatBody("groq/x")) }
                let bearers = await recorder.bearers.compactMap { $0 }
                #expect(Set(bearers.prefix(3)) == ["k-a", "k-b", "k-c"])
                #expect(Array(bearers.prefix(3)) == Array(bearers.suffix(3)))
            }
        }
    }

    @Test("a 5xx is retried on the next key before anything reaches the client")
    func retryOnServerError() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            if request.bearer == "k-bad" { return OpenAIWire.error(.serviceUnavailable, "overloaded") }
            return request.body?["stream"] == true ? OpenAIWire.sse(OpenAIWire.streamEvents(["fine"])) : OpenAIWire.json(OpenAIWire.completion("fine"))
        }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k-bad,k-good", "GROQ_BASE_URL": base]) { client in
                for stream in [false, true] {
                    let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: stream))
                    #expect(response.status == .ok)
                    #expect(response.sseData.filter { $0.contains("error") }.isEmpty)
                    #expect(response.text.contains("fine"))
                }
                let bearers = await recorder.bearers
                #expect(bearers.count == 3)
                #expect(bearers.filter { $0 == "k-good" }.count == 2)
            }
        }
    }

    @Test("a key answered with 401 is benched and not used again")
    func benchOnUnauthorized() async throws {
        try await FakeUpstream.run(reply: { request, _ in
            request.bearer == "k-revoked" ? OpenAIWire.error(.unauthorized, "Invalid API key k-revoked") : OpenAIWire.json(OpenAIWire.completion("ok"))
        }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k-revoked,k-live", "GROQ_BASE_URL": base]) { client in
                for _ in 0..<4 {
                    let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                    #expect(response.status == .ok)
                }
                #expect(await recorder.bearers.filter { $0 == "k-revoked" }.count == 1)
            }
        }
    }

    @Test("429 on every key answers 429 with the upstream's words, and the keys then cool down")
    func rateLimitedEverywhere() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.tooManyRequests, "slow down", headers: [.retryAfter: "120"]) }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2", "GROQ_BASE_URL": base]) { client in
                let first = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true))
                #expect(first.status == .tooManyRequests)
                #expect(first.json?["error"]?["type"] == "rate_limit_error")
                #expect(first.json?["error"]?["message"]?.stringValue?.contains("All 2 attempts at provider groq failed") == true)
                #expect(first.json?["error"]?["message"]?.stringValue?.contains("slow down") == true)
                let second = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(second.status == .tooManyRequests)
                #expect(second.headers[.retryAfter] != nil)
                #expect(await recorder.requests.count == 2)
            }
        }
    }

    @Test("every attempt answering 503 is a 502 that counts the attempts, even for a stream")
    func allServerErrors() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.serviceUnavailable, "down") }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2,k3,k4", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x", stream: true))
                #expect(response.status == .badGateway)
                #expect(response.json?["error"]?["code"] == "upstream_failed")
                #expect(response.json?["error"]?["message"]?.stringValue?.hasPrefix("All 3 attempts at provider groq failed; the last one answered 503") == true)
                #expect(Set(await recorder.bearers.compactMap { $0 }).count == 3)
            }
        }
    }

    @Test("MAX_ATTEMPTS bounds the attempts and a small pool makes fewer")
    func attemptsBounded() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.internalServerError, "boom") }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2", "GROQ_BASE_URL": base, "MAX_ATTEMPTS": "5"]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .badGateway)
                #expect(await recorder.requests.count == 2)
            }
        }
    }

    @Test("a 400 from the upstream is not retried and comes back as a 400")
    func clientErrorNotRetried() async throws {
        try await FakeUpstream.run(reply: { _, _ in OpenAIWire.error(.badRequest, "temperature must be <= 2") }) { base, recorder in
            try await TestGateway.run(["GROQ_API_KEY": "k1,k2", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .badRequest)
                #expect(response.json?["error"]?["message"]?.stringValue?.contains("temperature must be <= 2") == true)
                #expect(await recorder.requests.count == 1)
            }
        }
    }

    @Test("an unreachable upstream is a 502 naming the provider")
    func connectionRefused() async throws {
        try await TestGateway.run(["GROQ_API_KEY": "k1", "GROQ_BASE_URL": "http://127.0.0.1:9/v1"]) { client in
            let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
            #expect(response.status == .badGateway)
            #expect(response.json?["error"]?["message"]?.stringValue?.contains("groq") == true)
        }
    }

    @Test("upstream error messages never carry our keys")
    func keysRedacted() async throws {
        try await FakeUpstream.run(reply: { request, _ in OpenAIWire.error(.forbidden, "key \(request.bearer ?? "") is suspended") }) { base, _ in
            try await TestGateway.run(["GROQ_API_KEY": "gsk-secret-0123456789abcdef", "GROQ_BASE_URL": base]) { client in
                let response = try await client.postJSON("/v1/chat/completions", chatBody("groq/x"))
                #expect(response.status == .forbidden)
                #expect(!response.text.contains("gsk-secret-0123456789abcdef"))
                #expect(response.text.contains("suspended"))
            }
        }
    }
}

@Suite("KeyPool")
struct KeyPoolTests {
    @Test("leases are distinct, start at the cursor, and skip cooling and benched keys")
    func leases() {
        let pool = KeyPool(keys: ["a", "b", "c"], benchSeconds: 600)
        #expect(pool.leases(limit: 3).leases.map(\.key) == ["a", "b", "c"])
        #expect(pool.leases(limit: 3).leases.map(\.key) == ["b", "c", "a"])
        let leases = pool.leases(limit: 3).leases
        pool.record(.rateLimited(retryAfterSeconds: 60), for: leases[0])
        pool.record(.rejected(status: 401), for: leases[1])
        #expect(pool.leases(limit: 3).leases.map(\.key) == ["b"])
        let snapshot = pool.snapshot()
        #expect(snapshot.compactMap(\.coolingForSeconds).count == 1)
        #expect(snapshot.compactMap(\.benchedForSeconds).count == 1)
    }

    @Test("with no usable key it says when the first one is usable again")
    func noneUsable() {
        let pool = KeyPool(keys: ["a"], benchSeconds: 600)
        pool.record(.rateLimited(retryAfterSeconds: 30), for: pool.leases(limit: 1).leases[0])
        let (leases, wait) = pool.leases(limit: 3)
        #expect(leases.isEmpty)
        #expect((1...31).contains(wait ?? 0))
    }

    @Test("masks show neither the key nor enough to use it")
    func masking() {
        #expect(KeyPool.mask("sk-proj-abcdefghijklmnop") == "sk-…mnop")
        #expect(KeyPool.mask("short") == "…")
    }
}
