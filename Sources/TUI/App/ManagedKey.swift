/// A key of `GET /v1/admin/keys`: never its secret, only the hint the gateway shows (`sk-prism-…abcd`).
struct ManagedKey: Equatable, Sendable {
    let id: String
    let name: String
    let hint: String
    var teamID: String?
    /// The model globs it may use; `nil`: every model.
    var models: [String]?
    var budgetUSD: Double?
    /// `day`, `week`, `month` or `total`, with `budgetUSD`.
    var budgetPeriod: String?
    var rpm: Int?
    /// Spent in its budget's period (this month without a budget).
    var spendUSD: Double = 0
    var disabled = false
    var expiresAt: Int?
    var createdAt = 0

    /// "active", "disabled" or "expired" at `now`.
    func status(now: Int) -> String {
        if disabled { return "disabled" }
        if let expiresAt, expiresAt <= now { return "expired" }
        return "active"
    }
}

/// What `POST /v1/admin/keys` is sent: the fields the Keys screen's form asks for.
struct NewKey: Equatable, Sendable {
    var name: String
    var budgetUSD: Double?
    var budgetPeriod: String?
    var rpm: Int?
    var models: [String]?
}

/// A key's secret, as the answer that creates it gives it. Its description hides it, so printing an event
/// or a state never shows it; only the overlay that shows it once reads `value`.
struct KeySecret: Equatable, Sendable, CustomStringConvertible {
    let value: String

    var description: String { "sk-prism-…(hidden)" }
}

/// A key just created: the listed key and its secret, which the client shows once and then forgets.
struct CreatedKey: Equatable, Sendable {
    let key: ManagedKey
    let secret: KeySecret
}
