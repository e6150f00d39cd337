import PrismShared

/// The admin's view of the running gateway: the providers' health (`/v1/admin/providers`) and the request
/// log (`/v1/admin/requests`).
extension PrismClient {
    /// Every provider and kind with its keys, circuit, last error and 5-minute window.
    func providers() async throws(ClientError) -> [ProviderStatus] {
        (try await json(.GET, "/v1/admin/providers")["data"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue else { return nil }
            let keys = item["keys"].flatMap { keys -> ProviderStatus.KeyCounts? in
                guard keys["usable"]?.intValue != nil else { return nil }
                return .init(usable: keys["usable"]?.intValue ?? 0, cooling: keys["cooling"]?.intValue ?? 0, benched: keys["benched"]?.intValue ?? 0)
            }
            let window = item["window_5m"]
            return ProviderStatus(
                id: id, kind: item["kind"]?.stringValue ?? "", keys: keys, circuit: item["circuit"]?.stringValue ?? "closed",
                lastErrorStatus: item["last_error"]?["status"]?.intValue, lastError: item["last_error"]?["message"]?.stringValue,
                window5: .init(requests: window?["requests"]?.intValue ?? 0, errors: window?["errors"]?.intValue ?? 0,
                               p50Ms: window?["p50_ms"]?.doubleValue, p95Ms: window?["p95_ms"]?.doubleValue))
        }
    }

    /// The latest `limit` requests of the log, newest first.
    func requests(limit: Int) async throws(ClientError) -> [LoggedRequest] {
        (try await json(.GET, "/v1/admin/requests?limit=\(limit)")["data"]?.arrayValue ?? []).compactMap(Self.loggedRequest)
    }

    /// One request of the log with its attempts.
    func request(id: String) async throws(ClientError) -> LoggedRequest {
        guard let request = Self.loggedRequest(try await json(.GET, "/v1/admin/requests/\(id)")) else {
            throw ClientError("The gateway's answer for the request \(id) has no id.")
        }
        return request
    }

    private static func loggedRequest(_ item: JSONValue) -> LoggedRequest? {
        guard let id = item["id"]?.stringValue else { return nil }
        let attempts = (item["attempts"]?.arrayValue ?? []).compactMap { attempt -> LoggedRequest.Attempt? in
            guard let provider = attempt["provider"]?.stringValue else { return nil }
            return .init(provider: provider, key: attempt["key"]?.stringValue ?? "", status: attempt["status"]?.intValue,
                         durationMs: attempt["duration_ms"]?.doubleValue ?? 0, error: attempt["error"]?.stringValue)
        }
        return LoggedRequest(
            id: id, createdAt: item["created_at"]?.intValue ?? 0, surface: item["surface"]?.stringValue ?? "", keyID: item["key_id"]?.stringValue,
            principal: item["principal"]?.stringValue ?? "", model: item["model"]?.stringValue, provider: item["provider"]?.stringValue,
            upstreamModel: item["upstream_model"]?.stringValue, status: item["status"]?.intValue ?? 0, errorCode: item["error_code"]?.stringValue,
            latencyMs: item["latency_ms"]?.doubleValue, ttfbMs: item["ttfb_ms"]?.doubleValue, inputTokens: item["input_tokens"]?.intValue ?? 0,
            outputTokens: item["output_tokens"]?.intValue ?? 0, costUSD: item["cost_usd"]?.doubleValue ?? 0, attempts: attempts)
    }
}
