import Synchronization
import Storage

/// A key's or team's rate limits (SPEC §13) in fixed UTC windows — the current minute for `rpm` and `tpm`,
/// the current day for `rpd` — counted in this process. One lock, held for a few dictionary updates.
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

    private struct Counts {
        var minute = -1
        var requestsThisMinute = 0
        var tokensThisMinute = 0
        var day = -1
        var requestsToday = 0
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
            if entry.minute != minute { (entry.minute, entry.requestsThisMinute, entry.tokensThisMinute) = (minute, 0, 0) }
            if entry.day != day { (entry.day, entry.requestsToday) = (day, 0) }
            if let rpm = limit.rpm, entry.requestsThisMinute >= rpm { return .failure(Refusal(limit: "\(rpm) requests per minute", retryAfter: secondsToMinute)) }
            if let rpd = limit.rpd, entry.requestsToday >= rpd { return .failure(Refusal(limit: "\(rpd) requests per day", retryAfter: secondsToDay)) }
            if let tpm = limit.tpm, entry.tokensThisMinute >= tpm { return .failure(Refusal(limit: "\(tpm) tokens per minute", retryAfter: secondsToMinute)) }
            entry.requestsThisMinute += 1
            entry.requestsToday += 1
            all[scope] = entry
            // The headers speak of the tightest request limit: the minute's when there is one.
            let requests: (limit: Int, used: Int, reset: Int) = limit.rpm.map { ($0, entry.requestsThisMinute, secondsToMinute) }
                ?? limit.rpd.map { ($0, entry.requestsToday, secondsToDay) } ?? (0, entry.requestsThisMinute, secondsToMinute)
            return .success(Standing(
                limitRequests: requests.limit, remainingRequests: max(0, requests.limit - requests.used), resetRequestsSeconds: requests.reset,
                limitTokens: limit.tpm, remainingTokens: limit.tpm.map { max(0, $0 - entry.tokensThisMinute) },
                resetTokensSeconds: limit.tpm.map { _ in secondsToMinute }))
        }
    }

    /// Adds a finished request's tokens to the minute they were used in.
    func spend(_ scope: String, tokens: Int, now: Double) {
        let minute = Int(now / 60)
        counts.withLock { all in
            guard var entry = all[scope], entry.minute == minute else { return }
            entry.tokensThisMinute += tokens
            all[scope] = entry
        }
    }
}
