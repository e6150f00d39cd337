import Storage

/// What a managed key may do (SPEC §13): its own rules and its team's, both binding.
struct ManagedAccess: Sendable, Hashable {
    let keyID: String
    let keyName: String
    let teamID: String?
    let tags: [String]
    /// Each list must allow a model: the key's, then the team's (a missing list allows every model).
    let modelLists: [[ModelGlob]]
    let budgets: [BudgetBound]
    /// Rate limits by scope (`key:<id>`, `team:<id>`).
    let rateLimits: [String: RateLimit]

    init(key: KeyRecord, team: TeamRecord?) {
        keyID = key.id
        keyName = key.name
        teamID = team?.id
        tags = key.tags
        let rules = [key.rules] + (team.map { [$0.rules] } ?? [])
        // Patterns were checked when they were stored; one that no longer parses allows nothing.
        modelLists = rules.compactMap { $0.models.map { $0.compactMap { try? ModelGlob($0) } } }
        var budgets: [BudgetBound] = []
        if let budget = key.rules.budget { budgets.append(BudgetBound(scope: .key(key.id), budget: budget)) }
        if let team, let budget = team.rules.budget { budgets.append(BudgetBound(scope: .team(team.id), budget: budget)) }
        self.budgets = budgets
        var limits: [String: RateLimit] = [:]
        if let limit = key.rules.rateLimit { limits["key:\(key.id)"] = limit }
        if let team, let limit = team.rules.rateLimit { limits["team:\(team.id)"] = limit }
        rateLimits = limits
    }

    /// Whether the key (and its team) may use `model`.
    func allows(_ model: String) -> Bool {
        modelLists.allSatisfy { $0.allows(model) }
    }
}

extension Principal {
    /// Whether this caller may name `model`: a managed key only its own and its team's models (a route's
    /// name allows the route, whatever its targets); everybody else any.
    func mayUse(_ model: String) -> Bool {
        guard let access else { return true }
        return access.allows(model) || (model.hasPrefix("route/") && access.allows(String(model.dropFirst(6))))
    }

    /// A 403 naming the model and the key when this caller may not use `model` (SPEC §13).
    func checkAllowed(_ model: String) throws(GatewayError) {
        guard let access, !mayUse(model) else { return }
        throw GatewayError(
            status: 403, code: "model_not_allowed",
            message: "The API key \(access.keyID) (\(access.keyName)) may not use the model \(model): use one of its models (GET /v1/models lists them), or ask the admin to allow it.",
            param: "model")
    }
}
