import Foundation
import Hummingbird
import PrismShared
import Storage

/// `/v1/admin/keys` and `/v1/admin/teams` (SPEC §13), for the admin only. A key's secret appears in the
/// answer that creates or rotates it and nowhere else.
struct KeysController: Sendable {
    let keys: any KeyStore
    let usage: any UsageLedger
    /// Told of every change, so this replica's key cache never serves a revoked key.
    let managed: ManagedKeys
    let maxBodyBytes: Int
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.post("/v1/admin/keys", use: createKey)
        router.get("/v1/admin/keys", use: listKeys)
        router.get("/v1/admin/keys/{id}", use: getKey)
        router.patch("/v1/admin/keys/{id}", use: patchKey)
        router.delete("/v1/admin/keys/{id}", use: deleteKey)
        router.post("/v1/admin/keys/{id}/rotate", use: rotateKey)
        router.post("/v1/admin/teams", use: createTeam)
        router.get("/v1/admin/teams", use: listTeams)
        router.get("/v1/admin/teams/{id}", use: getTeam)
        router.patch("/v1/admin/teams/{id}", use: patchTeam)
        router.delete("/v1/admin/teams/{id}", use: deleteTeam)
    }

    @Sendable func createKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        var request = request
        let body = try await Self.object(request.jsonBody(limit: maxBodyBytes))
        let secret = KeySecret.generate()
        var key = KeyRecord(
            id: Identifier.make("key"), name: try AccessFields.name(body["name"]), secretHash: secret.hash, secretHint: secret.hint, createdAt: Int(now()))
        try await apply(body, to: &key)
        try await keys.insert(key)
        managed.invalidate()
        var json = try await render(key)
        json["key"] = .string(secret.value)
        return JSONResponse.make(json, status: .created)
    }

    @Sendable func listKeys(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let query = try ListQuery(request, defaultAscending: true)
        let team = ListQuery.filter(request, "team_id")
        let page = try await keys.keys(teamID: team, limit: query.limit, after: query.after)
        return JSONResponse.list(try await render(page.items), hasMore: page.hasMore)
    }

    @Sendable func getKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        return JSONResponse.make(try await render(try await existingKey(context)))
    }

    @Sendable func patchKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        var key = try await existingKey(context)
        var request = request
        let body = try await Self.object(request.jsonBody(limit: maxBodyBytes))
        if body["name"] != nil { key.name = try AccessFields.name(body["name"]) }
        if let disabled = body["disabled"] {
            guard let flag = disabled.boolValue else { throw GatewayError.invalidField("disabled", "must be true or false") }
            key.disabled = flag
        }
        try await apply(body, to: &key)
        guard try await keys.update(key) else { throw Self.keyNotFound(key.id) }
        managed.invalidate()
        return JSONResponse.make(try await render(key))
    }

    @Sendable func deleteKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let id = try pathID(context)
        guard try await keys.deleteKey(id: id) else { throw Self.keyNotFound(id) }
        managed.invalidate()
        return JSONResponse.make(["id": .string(id), "object": "api_key.deleted", "deleted": true])
    }

    /// A new secret for the same key: its id, usage and limits stay; the old secret stops working at once.
    @Sendable func rotateKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        var key = try await existingKey(context)
        let secret = KeySecret.generate()
        (key.secretHash, key.secretHint) = (secret.hash, secret.hint)
        guard try await keys.update(key) else { throw Self.keyNotFound(key.id) }
        managed.invalidate()
        var json = try await render(key)
        json["key"] = .string(secret.value)
        return JSONResponse.make(json)
    }

    @Sendable func createTeam(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        var request = request
        let body = try await Self.object(request.jsonBody(limit: maxBodyBytes))
        var team = TeamRecord(id: Identifier.make("team"), name: try AccessFields.name(body["name"]), createdAt: Int(now()))
        try AccessFields.apply(body, to: &team.rules)
        try await keys.insert(team)
        managed.invalidate()
        return JSONResponse.make(try await render(team), status: .created)
    }

    @Sendable func listTeams(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let query = try ListQuery(request, defaultAscending: true)
        let page = try await keys.teams(limit: query.limit, after: query.after)
        return JSONResponse.list(try await render(page.items), hasMore: page.hasMore)
    }

    @Sendable func getTeam(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        return JSONResponse.make(try await render(try await existingTeam(context)))
    }

    @Sendable func patchTeam(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        var team = try await existingTeam(context)
        var request = request
        let body = try await Self.object(request.jsonBody(limit: maxBodyBytes))
        if body["name"] != nil { team.name = try AccessFields.name(body["name"]) }
        try AccessFields.apply(body, to: &team.rules)
        guard try await keys.update(team) else { throw Self.teamNotFound(team.id) }
        managed.invalidate()
        return JSONResponse.make(try await render(team))
    }

    @Sendable func deleteTeam(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let id = try pathID(context)
        switch try await keys.deleteTeam(id: id) {
        case .deleted:
            managed.invalidate()
            return JSONResponse.make(["id": .string(id), "object": "team.deleted", "deleted": true])
        case .notFound: throw Self.teamNotFound(id)
        case .hasKeys(let count):
            throw GatewayError(status: 409, code: "team_has_keys",
                               message: "Team \(id) still has \(count) key\(count == 1 ? "" : "s"): move them to another team or delete them first.")
        }
    }

    // MARK: - Fields

    /// The fields keys have beyond a team's: team, tags, expiry, metadata.
    private func apply(_ body: JSONObject, to key: inout KeyRecord) async throws {
        try AccessFields.apply(body, to: &key.rules)
        if let value = body["team_id"] {
            if value.isNull {
                key.teamID = nil
            } else {
                guard let team = value.stringValue, Identifier.isWellFormed(team), try await keys.team(id: team) != nil else {
                    throw GatewayError.invalidField("team_id", "names no team: create it with POST /v1/admin/teams, or leave team_id out")
                }
                key.teamID = team
            }
        }
        if let value = body["tags"] { key.tags = try AccessFields.tags(value) }
        if let value = body["expires_at"] { key.expiresAt = try AccessFields.expiry(value, now: now()) }
        if let value = body["metadata"] { key.metadata = try AccessFields.metadata(value) }
    }

    private func existingKey(_ context: GatewayRequestContext) async throws -> KeyRecord {
        let id = try pathID(context)
        guard let key = try await keys.key(id: id) else { throw Self.keyNotFound(id) }
        return key
    }

    private func existingTeam(_ context: GatewayRequestContext) async throws -> TeamRecord {
        let id = try pathID(context)
        guard let team = try await keys.team(id: id) else { throw Self.teamNotFound(id) }
        return team
    }

    // MARK: - Rendering

    /// A key as lists show it: its hint, never its secret or hash, with its spend in its budget's period
    /// (this month when it has no budget).
    private func render(_ key: KeyRecord) async throws -> JSONValue {
        try await render([key])[0]
    }

    /// Keys as lists show them, their spends read together.
    private func render(_ keys: [KeyRecord]) async throws -> [JSONValue] {
        let spends = try await usage.spends(keys.map { SpendQuery(.key($0.id), sinceDay: Self.periodStart($0.rules, now())) })
        return zip(keys, spends).map { key, spend in
            var json: JSONValue = [
                "id": .string(key.id), "object": "api_key", "name": .string(key.name), "key_hint": .string(key.secretHint),
                "team_id": key.teamID.map { .string($0) } ?? .null,
            ]
            Self.write(key.rules, into: &json)
            json["tags"] = .array(key.tags.map { .string($0) })
            json["expires_at"] = key.expiresAt.map { .integer(Int64($0)) } ?? .null
            json["metadata"] = key.metadata
            json["disabled"] = .bool(key.disabled)
            json["created_at"] = .integer(Int64(key.createdAt))
            json["spend_usd"] = .number(spend)
            return json
        }
    }

    private func render(_ team: TeamRecord) async throws -> JSONValue {
        try await render([team])[0]
    }

    private func render(_ teams: [TeamRecord]) async throws -> [JSONValue] {
        let spends = try await usage.spends(teams.map { SpendQuery(.team($0.id), sinceDay: Self.periodStart($0.rules, now())) })
        return zip(teams, spends).map { team, spend in
            var json: JSONValue = ["id": .string(team.id), "object": "team", "name": .string(team.name)]
            Self.write(team.rules, into: &json)
            json["created_at"] = .integer(Int64(team.createdAt))
            json["spend_usd"] = .number(spend)
            return json
        }
    }

    /// The first day of the budget's period (this month's without a budget): where shown spend starts.
    private static func periodStart(_ rules: AccessRules, _ now: Double) -> Int {
        (rules.budget?.period ?? .month).startDay(at: now)
    }

    private static func write(_ rules: AccessRules, into json: inout JSONValue) {
        json["models"] = rules.models.map { .array($0.map { .string($0) }) } ?? .null
        json["budget"] = rules.budget.map { ["usd": .number($0.usd), "period": .string($0.period.rawValue)] } ?? .null
        if let limit = rules.rateLimit {
            var object = JSONObject()
            for (name, value) in [("rpm", limit.rpm), ("tpm", limit.tpm), ("rpd", limit.rpd), ("max_concurrent_jobs", limit.maxConcurrentJobs)] {
                object[name] = value.map { .integer(Int64($0)) } ?? .null
            }
            json["rate_limit"] = .object(object)
        } else {
            json["rate_limit"] = .null
        }
    }

    // MARK: - Checks

    private static func requireAdmin(_ context: GatewayRequestContext) throws {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("Managing keys and teams") }
    }

    private static func object(_ json: JSONValue) throws -> JSONObject {
        guard let object = json.objectValue else { throw GatewayError.invalidRequest("The request body must be a JSON object.", code: "invalid_json") }
        return object
    }

    static func keyNotFound(_ id: String) -> GatewayError {
        .notFound("There is no key \(id): list the keys with GET /v1/admin/keys.", code: "key_not_found")
    }

    static func teamNotFound(_ id: String) -> GatewayError {
        .notFound("There is no team \(id): list the teams with GET /v1/admin/teams.", code: "team_not_found")
    }
}
