import Synchronization
import Storage

/// A key's or team's rate limits (SPEC §13) in fixed UTC windows — the current minute for `rpm` and `tpm`,
/// the current day for `rpd` — counted in this process, and with replicas reconciled through the database
/// every second (`reconcile`). One lock, held for a few dictionary updates.
final class RateWindows: Sendable {
    /// Why a request was refused, and when to come back.
    struct Refusal: Error, Sendable, Equatable {
        let limit: String
        let retryAfter: Int
    }

    /// What the `x-ratelimit-*` headers say after a request was counted.
    struct Standing: Sendable, Equatable {
        var limitRequests: Int
        var remainingRequests: Int
        var resetRequestsSeconds: Int
        var limitTokens: Int?
        var remainingTokens: Int?
        var resetTokensSeconds: Int?
    }

    /// One scope's windows: what this replica counted, what of it is not yet added to the shared totals,
    /// and what the other replicas had counted at the last reconciliation (SPEC §17).
    private struct Counts {
        var minute = -1
        var requestsThisMinute = 0
        var tokensThisMinute = 0
        var day = -1
        var requestsToday = 0
        var unsent = Tally()
        var others = Tally()

        mutating func roll(minute: Int, day: Int) {
            if self.minute != minute {
                (self.minute, requestsThisMinute, tokensThisMinute) = (minute, 0, 0)
                (unsent.minuteRequests, unsent.minuteTokens, others.minuteRequests, others.minuteTokens) = (0, 0, 0, 0)
            }
            if self.day != day {
                (self.day, requestsToday, unsent.dayRequests, others.dayRequests) = (day, 0, 0, 0)
            }
        }

        /// Puts back counts the database did not take, if their window is still the current one.
        mutating func keep(_ count: RateCount, minute: Int, day: Int) {
            if count.span.hasPrefix("m:"), self.minute == minute {
                unsent.minuteRequests += count.requests
                unsent.minuteTokens += count.tokens
            } else if count.span.hasPrefix("d:"), self.day == day {
                unsent.dayRequests += count.requests
            }
        }
    }

    private struct Tally {
        var minuteRequests = 0
        var minuteTokens = 0
        var dayRequests = 0
    }

    private let counts = Mutex<[String: Counts]>([:])

    /// Counts one request against `scope`'s limits at `now` (Unix seconds), unless a limit is reached: then
    /// nothing is counted and the refusal says which limit and for how long. Tokens are counted when known
    /// (`spend(tokens:)`), so `tpm` refuses the requests after the minute's tokens ran out.
    func admit(_ scope: String, limit: RateLimit, now: Double) -> Result<Standing, Refusal> {
        let (minute, day) = (Int(now / 60), Int(now / 86_400))
        let secondsToMinute = max(1, (minute + 1) * 60 - Int(now))
        let secondsToDay = max(1, (day + 1) * 86_400 - Int(now))
        return counts.withLock { all in
            var entry = all[scope] ?? Counts()
            entry.roll(minute: minute, day: day)
            // What every replica counted, as far as this one knows.
            let (thisMinute, tokens, today) = (
                entry.requestsThisMinute + entry.others.minuteRequests, entry.tokensThisMinute + entry.others.minuteTokens, entry.requestsToday + entry.others.dayRequests)
            if let rpm = limit.rpm, thisMinute >= rpm { return .failure(Refusal(limit: "\(rpm) requests per minute", retryAfter: secondsToMinute)) }
            if let rpd = limit.rpd, today >= rpd { return .failure(Refusal(limit: "\(rpd) requests per day", retryAfter: secondsToDay)) }
            if let tpm = limit.tpm, tokens >= tpm { return .failure(Refusal(limit: "\(tpm) tokens per minute", retryAfter: secondsToMinute)) }
            entry.requestsThisMinute += 1
            entry.requestsToday += 1
            entry.unsent.minuteRequests += 1
            entry.unsent.dayRequests += 1
            all[scope] = entry
            // The headers speak of the tightest request limit: the minute's when there is one.
            let requests: (limit: Int, used: Int, reset: Int) = limit.rpm.map { ($0, thisMinute + 1, secondsToMinute) }
                ?? limit.rpd.map { ($0, today + 1, secondsToDay) } ?? (0, thisMinute + 1, secondsToMinute)
            return .success(Standing(
                limitRequests: requests.limit, remainingRequests: max(0, requests.limit - requests.used), resetRequestsSeconds: requests.reset,
                limitTokens: limit.tpm, remainingTokens: limit.tpm.map { max(0, $0 - tokens) },
                resetTokensSeconds: limit.tpm.map { _ in secondsToMinute }))
        }
    }

    /// Adds a finished request's tokens to the minute they were used in.
    func spend(_ scope: String, tokens: Int, now: Double) {
        let minute = Int(now / 60)
        counts.withLock { all in
            guard var entry = all[scope], entry.minute == minute else { return }
            entry.tokensThisMinute += tokens
            entry.unsent.minuteTokens += tokens
            all[scope] = entry
        }
    }

    /// Adds this replica's counts since the last call to the shared totals and learns the other replicas'
    /// (SPEC §17: windows held per replica, reconciled at least every second). Counts the database did not
    /// take are kept for the next call.
    func reconcile(through ledger: any UsageLedger, now: Double) async throws {
        let (minute, day) = (Int(now / 60), Int(now / 86_400))
        let (counts, windows) = self.counts.withLock { all -> ([RateCount], [RateCount]) in
            var counts: [RateCount] = []
            var windows: [RateCount] = []
            for (scope, var entry) in all {
                entry.roll(minute: minute, day: day)
                let (minuteSpan, daySpan) = (Self.minuteSpan(minute), Self.daySpan(day))
                windows.append(minuteSpan.count(scope, 0, 0))
                windows.append(daySpan.count(scope, 0, 0))
                if entry.unsent.minuteRequests + entry.unsent.minuteTokens > 0 {
                    counts.append(minuteSpan.count(scope, entry.unsent.minuteRequests, entry.unsent.minuteTokens))
                }
                if entry.unsent.dayRequests > 0 { counts.append(daySpan.count(scope, entry.unsent.dayRequests, 0)) }
                entry.unsent = Tally()
                all[scope] = entry
            }
            return (counts, windows)
        }
        guard !windows.isEmpty else { return }
        let totals: [RateCount]
        do {
            totals = try await ledger.addRateCounts(counts, totalsOf: windows, now: now)
        } catch {
            self.counts.withLock { all in
                for count in counts { all[count.scope]?.keep(count, minute: minute, day: day) }
            }
            throw error
        }
        self.counts.withLock { all in
            for total in totals {
                guard var entry = all[total.scope] else { continue }
                // What this replica has added so far is what it counted less what it has not sent yet.
                if total.span == Self.minuteSpan(minute).name, entry.minute == minute {
                    entry.others.minuteRequests = max(0, total.requests - (entry.requestsThisMinute - entry.unsent.minuteRequests))
                    entry.others.minuteTokens = max(0, total.tokens - (entry.tokensThisMinute - entry.unsent.minuteTokens))
                } else if total.span == Self.daySpan(day).name, entry.day == day {
                    entry.others.dayRequests = max(0, total.requests - (entry.requestsToday - entry.unsent.dayRequests))
                }
                all[total.scope] = entry
            }
        }
    }

    private struct Span {
        let name: String
        let endsAt: Double

        func count(_ scope: String, _ requests: Int, _ tokens: Int) -> RateCount {
            RateCount(scope: scope, span: name, requests: requests, tokens: tokens, endsAt: endsAt)
        }
    }

    private static func minuteSpan(_ minute: Int) -> Span { Span(name: "m:\(minute)", endsAt: Double((minute + 1) * 60)) }
    private static func daySpan(_ day: Int) -> Span { Span(name: "d:\(day)", endsAt: Double((day + 1) * 86_400)) }
}

