import Testing
@testable import Proxy

@Suite("Circuit breakers")
struct CircuitBreakerTests {
    @Test("opens after the configured consecutive failures, lets one trial through after the pause, and closes on its success")
    func cycle() {
        let clock = ManualClock()
        let breakers = CircuitBreakers(failureLimit: 3, openSeconds: 30, clock: clock.routeClock)
        breakers.record("groq", succeeded: false)
        breakers.record("groq", succeeded: false)
        #expect(breakers.state(of: "groq") == .closed && breakers.admit("groq"))
        breakers.record("groq", succeeded: false)
        #expect(breakers.state(of: "groq") == .open)
        #expect(!breakers.admit("groq"))
        #expect(breakers.secondsUntilTrial(of: "groq") == 30)
        clock.advance(by: .seconds(29))
        #expect(!breakers.admit("groq"))
        clock.advance(by: .seconds(1))
        #expect(breakers.state(of: "groq") == .halfOpen)
        #expect(breakers.admit("groq"), "the first request after the pause is the trial")
        #expect(!breakers.admit("groq"), "a second one waits for the trial's result")
        breakers.record("groq", succeeded: true)
        #expect(breakers.state(of: "groq") == .closed && breakers.admit("groq"))
        #expect(breakers.state(of: "cerebras") == .closed, "circuits are per provider")
    }

    @Test("a failed trial opens the circuit again for another pause")
    func failedTrial() {
        let clock = ManualClock()
        let breakers = CircuitBreakers(failureLimit: 1, openSeconds: 10, clock: clock.routeClock)
        breakers.record("groq", succeeded: false)
        clock.advance(by: .seconds(10))
        #expect(breakers.admit("groq"))
        breakers.record("groq", succeeded: false)
        #expect(breakers.state(of: "groq") == .open && !breakers.admit("groq"))
        clock.advance(by: .seconds(10))
        #expect(breakers.admit("groq"))
    }

    @Test("a success in between resets the count of consecutive failures")
    func consecutive() {
        let breakers = CircuitBreakers(failureLimit: 2, openSeconds: 10, clock: ManualClock().routeClock)
        breakers.record("groq", succeeded: false)
        breakers.record("groq", succeeded: true)
        breakers.record("groq", succeeded: false)
        #expect(breakers.state(of: "groq") == .closed)
    }

    @Test("a trial that never reports stops blocking after another pause")
    func lostTrial() {
        let clock = ManualClock()
        let breakers = CircuitBreakers(failureLimit: 1, openSeconds: 10, clock: clock.routeClock)
        breakers.record("groq", succeeded: false)
        clock.advance(by: .seconds(10))
        #expect(breakers.admit("groq"))
        clock.advance(by: .seconds(10))
        #expect(breakers.admit("groq"))
    }

    @Test("route statistics keep 15 minutes of attempts with p50 and p95 time to first byte")
    func stats() {
        let clock = ManualClock()
        let stats = RouteStats(clock: clock.routeClock)
        stats.recordFailure("groq/a")
        clock.advance(by: .seconds(16 * 60))
        for milliseconds in 1...20 { stats.recordSuccess("groq/a", firstByte: .milliseconds(milliseconds * 10)) }
        stats.recordFailure("groq/a")
        let summary = stats.summary(of: "groq/a")
        #expect(summary.requests == 21 && summary.failures == 1)
        #expect(summary.p50Milliseconds == 110 && summary.p95Milliseconds == 200)
        #expect(stats.summary(of: "cerebras/b") == RouteStats.Summary())
    }
}
