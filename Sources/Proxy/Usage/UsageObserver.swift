import Foundation
import Storage

/// Turns a finished request's notes into its ledger row (SPEC §13): what it asked for, who answered, the
/// tokens, images and seconds the answers reported, and their cost from the price table (`priced: false`
/// when the table has no price or the upstream reported no usage).
struct UsageObserver: Sendable {
    let writer: UsageWriter
    let cost: UsageCost

    /// A request's row, unless the work it started writes it when it ends (`finishedLater`).
    func finished(_ record: DecisionRecord, status: Int, at time: Double = Date().timeIntervalSince1970) {
        guard !record.usage.isDeferred else { return }
        write(record, status: status, at: time)
    }

    /// The row of work that outlived its request's answer — a media job, a background response — when it
    /// ends; a media job's cost is also the answer's `x-prism-cost-usd` if the answer is still to be sent.
    func finishedLater(_ record: DecisionRecord, status: Int, at time: Double = Date().timeIntervalSince1970) {
        write(record, status: status, at: time)
    }

    private func write(_ record: DecisionRecord, status: Int, at time: Double) {
        let notes = record.usage.snapshot
        guard let model = notes.model else { return }
        let decision = record.snapshot
        let (cost, priced) = self.cost.cost(of: notes, asked: model, decision: decision)
        if priced, notes.mediaModel != nil { record.costUSD(cost) }
        writer.add(UsageEntry(
            id: record.usageID, time: notes.startedAt, keyID: notes.keyID, teamID: notes.teamID, principal: notes.principal, tags: notes.tags,
            model: model, route: decision.route, provider: decision.provider, upstreamModel: decision.model, inputTokens: notes.inputTokens,
            outputTokens: notes.outputTokens, cachedTokens: notes.cachedTokens, images: notes.images, videoSeconds: notes.videoSeconds,
            costUSD: cost, priced: priced, latencyMs: (time - notes.startedAt) * 1000, firstByteMs: notes.firstByteAt.map { ($0 - notes.startedAt) * 1000 },
            status: status, attempts: decision.attempts))
    }
}
