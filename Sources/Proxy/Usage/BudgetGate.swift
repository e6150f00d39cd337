import Foundation
import PrismShared
import Storage

/// Budget admission (SPEC §13): before the upstream call, a managed key's request reserves its estimated
/// cost against its key's and its team's budgets; its ledger row replaces the reservation when it ends.
/// At or over a budget it is a 402; a database that cannot say is a 503 — never a request let through
/// unchecked.
struct BudgetGate: Sendable {
    let ledger: any UsageLedger
    let planner: RoutePlanner
    /// Told of each refusal, to announce the budget once (`budget.exceeded`).
    var alarm: BudgetAlarm? = nil
    /// A reservation whose request never wrote its row (its replica died) stops counting after this.
    static let lapseSeconds: Double = 3600

    /// The request's estimated cost: tokens for text (its input's size, its output limit), images × `n`,
    /// seconds of video; a route's dearest target; 0 without a price.
    func estimate(model: String, body: JSONObject) -> Double {
        let targets = planner.route(named: model)?.targets ?? [RouteTarget(model: model)]
        let tokens = TokenEstimate(chatBody: body)
        return targets.map { target -> Double in
            let unit = planner.cost(of: target, tokens) ?? 0
            if target.model.hasPrefix("image/") { return unit * Double(max(1, body["n"]?.intValue ?? 1)) }
            if target.model.hasPrefix("video/") { return unit * Double(max(1, body["duration"]?.intValue ?? body["seconds"]?.intValue ?? 5)) }
            return unit
        }.max() ?? 0
    }

    func reserve(_ access: ManagedAccess, id: String, model: String, body: JSONObject, now: Double = Date().timeIntervalSince1970) async throws {
        guard !access.budgets.isEmpty else { return }
        let verdict = try await ledger.reserve(id: id, estimate: estimate(model: model, body: body), bounds: access.budgets, now: now, lapseSeconds: Self.lapseSeconds)
        guard case .exceeded(let bound, let spent) = verdict else { return }
        alarm?.exceeded(bound, spent: spent, access: access, now: now)
        let whose: String
        switch bound.scope {
        case .key: whose = "The API key \(access.keyID) (\(access.keyName))"
        case .team(let team): whose = "The team \(team) of API key \(access.keyID)"
        }
        let period = bound.budget.period
        let resets = period.reset(after: now).map { " It resets at " + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)) + "." }
            ?? " It does not reset: ask the admin to raise it."
        throw GatewayError(
            status: 402, code: "budget_exceeded",
            message: "\(whose) has spent \(Self.usd(spent)) of its \(Self.usd(bound.budget.usd)) \(period.adjective) budget.\(resets)")
    }

    /// What the tightest of a key's budgets has left (0 when one is spent); nil without a budget.
    func left(_ access: ManagedAccess, now: Double = Date().timeIntervalSince1970) async throws -> Double? {
        var least: Double?
        for bound in access.budgets {
            let spent = try await ledger.spend(bound.scope, sinceDay: bound.budget.period.startDay(at: now))
            least = min(least ?? .infinity, max(0, bound.budget.usd - spent))
        }
        return least
    }

    static func usd(_ amount: Double) -> String {
        String(format: "$%.2f", amount)
    }
}

extension BudgetPeriod {
    var adjective: String {
        switch self {
        case .day: "daily"
        case .week: "weekly"
        case .month: "monthly"
        case .total: "total"
        }
    }
}

extension GatewayRequestContext {
    /// Reserves a managed key's estimated cost for `model` (a no-op for everybody else and for keys without
    /// a budget); part of `admit(_:body:)`.
    func reserveBudget(model: String, body: JSONObject) async throws {
        guard let budgets, let access = principal.access, !access.budgets.isEmpty, let decision else { return }
        try await budgets.reserve(access, id: decision.usageID, model: model, body: body)
    }
}
