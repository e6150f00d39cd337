import Foundation
import PrismShared
import Storage

/// The fields of `POST`/`PATCH /v1/admin/keys` and `/v1/admin/teams` (SPEC §13), each checked with a
/// sentence naming the field. A PATCH applies only the fields it names; `null` clears an optional one.
enum AccessFields {
    /// `models`, `budget` and `rate_limit` of `body` applied to `rules`.
    static func apply(_ body: JSONObject, to rules: inout AccessRules) throws(GatewayError) {
        if let value = body["models"] { rules.models = try models(value) }
        if let value = body["budget"] { rules.budget = try budget(value) }
        if let value = body["rate_limit"] { rules.rateLimit = try rateLimit(value) }
    }

    static func name(_ value: JSONValue?, field: String = "name") throws(GatewayError) -> String {
        guard let name = value?.stringValue?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= 200 else {
            throw .invalidField(field, "must be a non-empty string of at most 200 characters, such as \"ci-pipeline\"")
        }
        return name
    }

    static func models(_ value: JSONValue) throws(GatewayError) -> [String]? {
        if value.isNull { return nil }
        guard let list = value.arrayValue else { throw .invalidField("models", "must be a list of model patterns such as [\"groq/*\", \"image/*\"]") }
        var patterns: [String] = []
        for item in list {
            guard let pattern = item.stringValue else { throw .invalidField("models", "must hold strings such as \"groq/*\", not \(item.typeName)") }
            patterns.append(try ModelGlob(pattern).pattern)
        }
        return patterns
    }

    static func budget(_ value: JSONValue) throws(GatewayError) -> Budget? {
        if value.isNull { return nil }
        guard value.objectValue != nil else { throw .invalidField("budget", "must be an object such as {\"usd\": 5, \"period\": \"day\"}") }
        guard let usd = value["usd"]?.doubleValue, usd >= 0, usd.isFinite else {
            throw .invalidField("budget.usd", "must be a number of US dollars, 0 or more, such as 5 or 0.5")
        }
        let periodName = value["period"]?.stringValue ?? "month"
        guard let period = BudgetPeriod(rawValue: periodName) else {
            throw .invalidField("budget.period", "is \"\(periodName)\", not one of day, week, month or total")
        }
        return Budget(usd: usd, period: period)
    }

    static func rateLimit(_ value: JSONValue) throws(GatewayError) -> RateLimit? {
        if value.isNull { return nil }
        guard let object = value.objectValue else { throw .invalidField("rate_limit", "must be an object such as {\"rpm\": 60}") }
        var limit = RateLimit()
        for (key, _) in object.members where !["rpm", "tpm", "rpd", "max_concurrent_jobs"].contains(key) {
            throw .invalidField("rate_limit.\(key)", "is not a limit Prism knows: use rpm, tpm, rpd or max_concurrent_jobs")
        }
        func count(_ name: String) throws(GatewayError) -> Int? {
            guard let raw = object[name], !raw.isNull else { return nil }
            guard let number = raw.intValue, number >= 1 else { throw .invalidField("rate_limit.\(name)", "must be a whole number, 1 or more") }
            return number
        }
        limit.rpm = try count("rpm")
        limit.tpm = try count("tpm")
        limit.rpd = try count("rpd")
        limit.maxConcurrentJobs = try count("max_concurrent_jobs")
        return limit
    }

    static func tags(_ value: JSONValue) throws(GatewayError) -> [String] {
        if value.isNull { return [] }
        guard let list = value.arrayValue, list.allSatisfy({ ($0.stringValue?.isEmpty == false) }) else {
            throw .invalidField("tags", "must be a list of non-empty strings such as [\"ci\", \"team-a\"]")
        }
        return list.compactMap(\.stringValue)
    }

    /// ISO-8601 (`2027-01-01T00:00:00Z`) or Unix seconds, in the future.
    static func expiry(_ value: JSONValue, now: Double) throws(GatewayError) -> Int? {
        if value.isNull { return nil }
        guard let seconds = value.doubleValue ?? value.stringValue.flatMap(TimeField.seconds), seconds.isFinite else {
            throw .invalidField("expires_at", "must be \(TimeField.example)")
        }
        guard seconds > now else { throw .invalidField("expires_at", "is in the past: give a time to come, or leave it out for a key that never expires") }
        return Int(seconds)
    }

    static func metadata(_ value: JSONValue) throws(GatewayError) -> JSONValue {
        guard value.isNull || value.objectValue != nil else { throw .invalidField("metadata", "must be an object of your own fields") }
        return value
    }
}
