import Foundation
import Storage

/// Turns a finished request's notes into its ledger row (SPEC §13): what it asked for, who answered, the
/// tokens, images and seconds the answers reported, and their cost from the price table (`priced: false`
/// when the table has no price or the upstream reported no usage).
struct UsageObserver: Sendable {
    let writer: UsageWriter
    let prices: PriceTable

    func finished(_ record: DecisionRecord, status: Int, at time: Double = Date().timeIntervalSince1970) {
        let notes = record.usage.snapshot
        guard let model = notes.model else { return }
        let decision = record.snapshot
        let (cost, priced) = self.cost(notes, asked: model, decision: decision)
        writer.add(UsageEntry(
            id: record.usageID, time: notes.startedAt, keyID: notes.keyID, teamID: notes.teamID, principal: notes.principal, tags: notes.tags,
            model: model, route: decision.route, provider: decision.provider, upstreamModel: decision.model, inputTokens: notes.inputTokens,
            outputTokens: notes.outputTokens, cachedTokens: notes.cachedTokens, images: notes.images, videoSeconds: notes.videoSeconds,
            costUSD: cost, priced: priced, latencyMs: (time - notes.startedAt) * 1000, firstByteMs: notes.firstByteAt.map { ($0 - notes.startedAt) * 1000 },
            status: status, attempts: decision.attempts))
    }

    /// Media is priced by the name asked (`image/doubao`); text by the target that answered
    /// (`groq/llama-3.3-70b-versatile`), so a route's request costs what its answering target costs.
    func cost(_ notes: UsageNotes.State, asked: String, decision: DecisionRecord.Snapshot) -> (Double, Bool) {
        if asked.hasPrefix("image/") || asked.hasPrefix("video/") {
            guard let price = prices.price(for: asked) else { return (0, false) }
            let images = price.perImage.map { $0 * Double(notes.images) }
            let seconds = price.perSecond.map { $0 * notes.videoSeconds }
            guard images != nil || seconds != nil else { return (0, false) }
            return ((images ?? 0) + (seconds ?? 0), notes.images > 0 || notes.videoSeconds > 0)
        }
        guard let provider = decision.provider, let upstream = decision.model, notes.inputTokens + notes.outputTokens > 0,
              let cost = prices.estimatedCost(of: "\(provider)/\(upstream)", inputTokens: notes.inputTokens, outputTokens: notes.outputTokens,
                                              cachedTokens: notes.cachedTokens)
        else { return (0, false) }
        return (cost, true)
    }
}
