import Foundation
import PrismShared
import Storage
import Synchronization

/// Announces a spent budget (SPEC §13, §15): one `budget.exceeded` webhook event per budget and period in
/// this process, however many requests it refuses, recorded off the request path.
final class BudgetAlarm: Sendable {
    private let events: WebhookEvents
    private let announced = Mutex<Set<String>>([])

    init(events: WebhookEvents) {
        self.events = events
    }

    func exceeded(_ bound: BudgetBound, spent: Double, access: ManagedAccess, now: Double) {
        let period = bound.budget.period
        let (scope, id): (String, String) = switch bound.scope {
        case .key(let key): ("key", key)
        case .team(let team): ("team", team)
        }
        guard announced.withLock({ $0.insert("\(scope):\(id) \(period.rawValue) \(period.startDay(at: now))").inserted }) else { return }
        let data: JSONValue = [
            "id": .string(id), "object": "budget", "scope": .string(scope), "key_id": .string(access.keyID),
            "team_id": access.teamID.map { .string($0) } ?? .null, "period": .string(period.rawValue), "budget_usd": .number(bound.budget.usd),
            "spent_usd": .number(spent), "resets_at": period.reset(after: now).map { JSONValue(Int($0)) } ?? .null,
        ]
        let events = self.events
        Task { await events.record(type: "budget.exceeded", data: data, principal: access.keyID, url: nil) }
    }
}
