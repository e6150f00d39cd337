import Foundation
import Storage
import Synchronization

/// How each provider has been doing (SPEC §14 `/v1/admin/providers`): per provider and kind, a minute bucket
/// for each of the last 60 minutes with requests, errors and a latency histogram, and the last error. Fed
/// from request outcomes — every upstream attempt counts toward its provider; a request answered without an
/// attempt of ours (a media job) counts toward the provider that served it. Memory is bounded: 60 buckets of
/// fixed size per provider and kind.
final class ProviderHealth: Sendable {
    /// A provider and what it serves: `text`, `image`, `video` or `tool`.
    struct Target: Hashable, Sendable, Comparable {
        var provider: String
        var kind: String

        static func < (lhs: Target, rhs: Target) -> Bool { (lhs.provider, lhs.kind) < (rhs.provider, rhs.kind) }
    }

    /// The last failure seen for a target.
    struct LastError: Sendable, Equatable {
        var status: Int?
        var message: String
        var at: Double
    }

    /// Requests, errors and latency percentiles over a window.
    struct Window: Sendable, Equatable {
        var requests = 0
        var errors = 0
        var p50Ms: Double?
        var p95Ms: Double?
    }

    private struct Minute {
        var minute = -1
        var requests = 0
        var errors = 0
        var latencies = [Int](repeating: 0, count: LatencyBuckets.count)
    }

    private struct Track {
        var minutes = [Minute](repeating: Minute(), count: 60)
        var lastError: LastError?
    }

    private let tracks = Mutex<[Target: Track]>([:])
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
    }

    /// Counts a finished request's attempts (or its serving provider's answer when it made none).
    func observe(_ outcome: RequestOutcome) {
        let kind = outcome.model.map(Self.kind(ofModel:)) ?? "text"
        if outcome.attempts.isEmpty {
            // A media job's provider reads `image/replicate`: the kind says image already.
            guard let served = outcome.provider else { return }
            let provider = served.hasPrefix("image/") || served.hasPrefix("video/") ? String(served.drop { $0 != "/" }.dropFirst()) : served
            let failed = outcome.status >= 500
            record(Target(provider: provider, kind: kind), ms: outcome.latencyMs, failed: failed,
                   error: failed ? LastError(status: outcome.status, message: outcome.errorCode ?? "failed", at: outcome.endedAt) : nil)
            return
        }
        for attempt in outcome.attempts {
            let failed = attempt.status.map { !(200..<300).contains($0) } ?? true
            record(Target(provider: attempt.provider, kind: kind), ms: attempt.durationMs, failed: failed,
                   error: failed ? LastError(status: attempt.status, message: attempt.error ?? "failed", at: outcome.endedAt) : nil)
        }
    }

    /// One call of a target that took `ms` milliseconds.
    func record(_ target: Target, ms: Double, failed: Bool, error: LastError? = nil) {
        let minute = Int(now() / 60)
        tracks.withLock { tracks in
            var track = tracks[target] ?? Track()
            let slot = minute % 60
            if track.minutes[slot].minute != minute { track.minutes[slot] = Minute(minute: minute) }
            track.minutes[slot].requests += 1
            if failed { track.minutes[slot].errors += 1 }
            track.minutes[slot].latencies[LatencyBuckets.index(of: ms)] += 1
            if let error { track.lastError = error }
            tracks[target] = track
        }
    }

    /// Every target seen, with its 5- and 60-minute windows and last error.
    func report() -> [Target: (window5: Window, window60: Window, lastError: LastError?)] {
        let minute = Int(now() / 60)
        return tracks.withLock { tracks in
            tracks.mapValues { track in
                (Self.window(track, minutes: 5, now: minute), Self.window(track, minutes: 60, now: minute), track.lastError)
            }
        }
    }

    private static func window(_ track: Track, minutes: Int, now: Int) -> Window {
        var window = Window()
        var latencies = [Int](repeating: 0, count: LatencyBuckets.count)
        for bucket in track.minutes where bucket.minute > now - minutes && bucket.minute <= now {
            window.requests += bucket.requests
            window.errors += bucket.errors
            for index in latencies.indices { latencies[index] += bucket.latencies[index] }
        }
        window.p50Ms = LatencyBuckets.percentile(0.5, of: latencies)
        window.p95Ms = LatencyBuckets.percentile(0.95, of: latencies)
        return window
    }

    /// `image/…` is image, `video/…` video, anything else text.
    static func kind(ofModel model: String) -> String {
        if model.hasPrefix("image/") { return "image" }
        if model.hasPrefix("video/") { return "video" }
        return "text"
    }
}

/// Latency buckets growing by a quarter from 1 ms to about 10 minutes: percentiles within 12 % of the truth.
enum LatencyBuckets {
    static let count = 62
    private static let growth = 1.25

    static func index(of ms: Double) -> Int {
        guard ms > 1 else { return 0 }
        return min(count - 1, Int((log(ms) / log(growth)).rounded(.up)))
    }

    /// The bucket's upper bound in milliseconds.
    static func upperBound(_ index: Int) -> Double { pow(growth, Double(index)) }

    /// The upper bound of the bucket holding the `fraction` quantile, or nil with no samples.
    static func percentile(_ fraction: Double, of counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Int((fraction * Double(total)).rounded(.up))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen >= max(rank, 1) { return (upperBound(index) * 10).rounded() / 10 }
        }
        return upperBound(count - 1)
    }
}
