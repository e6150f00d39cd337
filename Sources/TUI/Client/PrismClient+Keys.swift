import AsyncHTTPClient
import PrismShared

/// The admin's managed keys (`/v1/admin/keys`) and the usage ledger (`/v1/usage`).
extension PrismClient {
    /// The managed keys, as hints: the gateway never lists a secret.
    func managedKeys() async throws(ClientError) -> [ManagedKey] {
        (try await json(.GET, "/v1/admin/keys?limit=100")["data"]?.arrayValue ?? []).compactMap(Self.managedKey)
    }

    /// Creates a key; the answer's secret is handed back once and kept nowhere here.
    func createKey(_ key: NewKey) async throws(ClientError) -> CreatedKey {
        var body: JSONValue = ["name": .string(key.name)]
        if let usd = key.budgetUSD { body["budget"] = ["usd": .number(usd), "period": .string(key.budgetPeriod ?? "month")] }
        if let rpm = key.rpm { body["rate_limit"] = ["rpm": JSONValue(rpm)] }
        if let models = key.models { body["models"] = .array(models.map { .string($0) }) }
        let answer = try await json(.POST, "/v1/admin/keys", body: body)
        guard let created = Self.managedKey(answer), let secret = answer["key"]?.stringValue else {
            throw ClientError("The gateway created a key but its answer lacks the id or the secret: list the keys and revoke it.")
        }
        return CreatedKey(key: created, secret: KeySecret(value: secret))
    }

    /// The ledger summed by `grouping` over [`from`, `to`) (Unix seconds).
    func usage(grouping: UsageGrouping, from: Int, to: Int) async throws(ClientError) -> [UsageRow] {
        let list = try await json(.GET, "/v1/usage?group_by=\(grouping.rawValue)&from=\(from)&to=\(to)")
        return (list["data"]?.arrayValue ?? []).compactMap { item in
            guard let group = item["group"]?.stringValue else { return nil }
            return UsageRow(
                group: group, requests: item["requests"]?.intValue ?? 0, errors: item["errors"]?.intValue ?? 0,
                inputTokens: item["input_tokens"]?.intValue ?? 0, outputTokens: item["output_tokens"]?.intValue ?? 0,
                images: item["images"]?.intValue ?? 0, videoSeconds: item["video_seconds"]?.doubleValue ?? 0, costUSD: item["cost_usd"]?.doubleValue ?? 0)
        }
    }

    private static func managedKey(_ item: JSONValue) -> ManagedKey? {
        guard let id = item["id"]?.stringValue else { return nil }
        return ManagedKey(
            id: id, name: item["name"]?.stringValue ?? "", hint: item["key_hint"]?.stringValue ?? "", teamID: item["team_id"]?.stringValue,
            models: item["models"]?.arrayValue?.compactMap(\.stringValue), budgetUSD: item["budget"]?["usd"]?.doubleValue,
            budgetPeriod: item["budget"]?["period"]?.stringValue, rpm: item["rate_limit"]?["rpm"]?.intValue,
            spendUSD: item["spend_usd"]?.doubleValue ?? 0, disabled: item["disabled"]?.boolValue ?? false,
            expiresAt: item["expires_at"]?.intValue, createdAt: item["created_at"]?.intValue ?? 0)
    }
}
