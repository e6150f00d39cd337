/// The Keys screen's form for a new key: name, budget (`5/day`), requests per minute and model globs, one
/// field at a time; `submission` checks what it can before anything is sent (the gateway checks the rest).
struct KeyForm: Equatable, Sendable {
    /// The fields, in the form's order.
    enum Field: Int, CaseIterable, Sendable {
        case name, budget, rpm, models

        var label: String {
            switch self {
            case .name: return "Name"
            case .budget: return "Budget"
            case .rpm: return "RPM"
            case .models: return "Models"
            }
        }

        var hint: String {
            switch self {
            case .name: return "required"
            case .budget: return "USD/period: 5/day, 20/week, 100/month, 10/total"
            case .rpm: return "requests per minute"
            case .models: return "globs: groq/*, image/*"
            }
        }
    }

    var values: [String] = Array(repeating: "", count: Field.allCases.count)
    var field: Field = .name
    /// Why the last Enter sent nothing.
    var error: String?

    subscript(field: Field) -> String {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    /// The request the form describes, or why it cannot be sent.
    var submission: Result<NewKey, ClientError> {
        let name = self[.name].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return .failure(ClientError("Give the key a name.")) }
        var key = NewKey(name: name)
        let budget = self[.budget].replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "$", with: "")
        if !budget.isEmpty {
            let parts = budget.split(separator: "/", omittingEmptySubsequences: false)
            let period = parts.count == 2 ? String(parts[1]) : "month"
            guard parts.count <= 2, let usd = Double(parts[0]), usd >= 0, usd.isFinite, ["day", "week", "month", "total"].contains(period) else {
                return .failure(ClientError("The budget is USD/period, such as 5/day, 20/week, 100/month or 10/total."))
            }
            (key.budgetUSD, key.budgetPeriod) = (usd, period)
        }
        let rpm = self[.rpm].trimmingCharacters(in: .whitespaces)
        if !rpm.isEmpty {
            guard let value = Int(rpm), value > 0 else { return .failure(ClientError("RPM is a whole number of requests per minute, such as 60.")) }
            key.rpm = value
        }
        let models = self[.models].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !models.isEmpty { key.models = models }
        return .success(key)
    }
}
