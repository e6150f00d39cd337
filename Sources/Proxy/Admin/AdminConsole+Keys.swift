import Foundation
import PrismShared
import Storage

/// `keys create`, `keys revoke` and `usage` of `admin/magic` (SPEC §13): the same stores and checks as
/// `/v1/admin/keys` and `/v1/usage`.
extension AdminConsole {
    func createKey(_ request: KeyRequest) async throws -> String {
        let name: String
        var rules = AccessRules(budget: request.budget, rateLimit: request.rpm.map { RateLimit(rpm: $0) })
        do {
            name = try AccessFields.name(.string(request.name))
            if let models = request.models { rules.models = try AccessFields.models(.array(models.map { .string($0) })) }
        } catch {
            return error.message
        }
        let secret = KeySecret.generate()
        let key = KeyRecord(id: Identifier.make("key"), name: name, secretHash: secret.hash, secretHint: secret.hint, rules: rules,
                            createdAt: Int(Date().timeIntervalSince1970))
        try await keyStore.insert(key)
        managedKeys.invalidate()
        let budget = request.budget.map { "\(BudgetGate.usd($0.usd)) \($0.period.adjective)" } ?? "none"
        return """
            Created key `\(key.id)` (**\(name)**): models \(rules.models?.joined(separator: ", ") ?? "all"), budget \(budget), \
            \(request.rpm.map { "\($0) requests a minute" } ?? "no rate limit").

            Its secret, shown this once — copy it now: `\(secret.value)`
            """
    }

    func revokeKey(_ id: String) async throws -> String {
        guard Identifier.isWellFormed(id), try await keyStore.deleteKey(id: id) else { return "There is no key `\(id.prefix(60))`: `/v1/admin/keys` lists them." }
        managedKeys.invalidate()
        return "Revoked key `\(id)`: its next request is refused."
    }

    func usageTable(_ period: BudgetPeriod, _ grouping: UsageGrouping) async throws -> String {
        let now = Date().timeIntervalSince1970
        let from = Double(period.startDay(at: now)) * 86_400
        let groups = try await usage.summary(from: from, to: now + 1, groupBy: grouping, keyID: nil)
        let rows = groups.map { group in
            "| \(Self.cell(group.group, 40)) | \(group.requests) | \(group.errors) | \(group.inputTokens) | \(group.outputTokens) | \(group.images) | \(String(format: "%.4f", group.costUSD)) |"
        }
        let title = "Usage by \(grouping.rawValue) since \(Self.date(Int(from)))"
        return Self.table(title, "| \(grouping.rawValue) | requests | errors | input tokens | output tokens | images | USD |", rows)
    }
}
