import PostgresNIO
import PrismShared

/// Managed keys and teams in PostgreSQL (SPEC §13): each change and its version bump in one transaction,
/// so another replica that sees the new version also sees the change.
struct PostgresKeyStore: KeyStore {
    let database: PostgresDatabase

    private typealias KeyRow = (String, String, String?, String, String, String, Int?, Bool, Int)

    func insert(_ key: KeyRecord) async throws {
        let settings = key.settingsText
        _ = try await changed { connection in
            try await connection.query("""
                INSERT INTO api_keys (id, name, team_id, secret_hash, secret_hint, settings, expires_at, disabled, created_at)
                VALUES (\(key.id), \(key.name), \(key.teamID), \(key.secretHash), \(key.secretHint), \(settings), \(key.expiresAt), \(key.disabled), \(key.createdAt))
                RETURNING 1
                """, logger: database.logger).collect().count
        }
    }

    func update(_ key: KeyRecord) async throws -> Bool {
        let settings = key.settingsText
        return try await changed { connection in
            try await connection.query("""
                UPDATE api_keys SET name = \(key.name), team_id = \(key.teamID), secret_hash = \(key.secretHash), secret_hint = \(key.secretHint),
                settings = \(settings), expires_at = \(key.expiresAt), disabled = \(key.disabled) WHERE id = \(key.id) RETURNING 1
                """, logger: database.logger).collect().count
        } > 0
    }

    func deleteKey(id: String) async throws -> Bool {
        try await changed { connection in
            try await connection.query("DELETE FROM api_keys WHERE id = \(id) RETURNING 1", logger: database.logger).collect().count
        } > 0
    }

    func key(id: String) async throws -> KeyRecord? {
        try await database.run { client in
            try await client.query("\(unescaped: Self.selectKeys) WHERE id = \(id)", logger: database.logger).collect().first.map(Self.key)
        }
    }

    func key(secretHash: String) async throws -> KeyRecord? {
        try await database.run { client in
            try await client.query("\(unescaped: Self.selectKeys) WHERE secret_hash = \(secretHash)", logger: database.logger).collect().first.map(Self.key)
        }
    }

    func keys(teamID: String?, limit: Int, after: String?) async throws -> Page<KeyRecord> {
        try await database.run { client in
            let cursor = try await Self.sequence(of: after, table: "api_keys", client: client, database: database)
            let keys = try await client.query("""
                \(unescaped: Self.selectKeys) WHERE (\(teamID)::text IS NULL OR team_id = \(teamID)) AND (\(cursor)::bigint IS NULL OR seq > \(cursor))
                ORDER BY seq LIMIT \(limit + 1)
                """, logger: database.logger).collect().map(Self.key)
            return Page(items: Array(keys.prefix(limit)), hasMore: keys.count > limit)
        }
    }

    func insert(_ team: TeamRecord) async throws {
        let settings = team.rules.json.serialized()
        _ = try await changed { connection in
            try await connection.query("""
                INSERT INTO teams (id, name, settings, created_at) VALUES (\(team.id), \(team.name), \(settings), \(team.createdAt)) RETURNING 1
                """, logger: database.logger).collect().count
        }
    }

    func update(_ team: TeamRecord) async throws -> Bool {
        let settings = team.rules.json.serialized()
        return try await changed { connection in
            try await connection.query("UPDATE teams SET name = \(team.name), settings = \(settings) WHERE id = \(team.id) RETURNING 1", logger: database.logger)
                .collect().count
        } > 0
    }

    func deleteTeam(id: String) async throws -> TeamDeletion {
        try await database.transaction { connection in
            // The team's row is locked first, so a key cannot join it between the count and the delete.
            guard try await connection.query("SELECT 1 FROM teams WHERE id = \(id) FOR UPDATE", logger: database.logger).collect().first != nil else {
                return .notFound
            }
            let keys = try await connection.query("SELECT count(*) FROM api_keys WHERE team_id = \(id)", logger: database.logger).collect().first?.decode(Int.self) ?? 0
            if keys > 0 { return .hasKeys(keys) }
            try await connection.query("DELETE FROM teams WHERE id = \(id)", logger: database.logger)
            try await connection.query("UPDATE access_version SET version = version + 1 WHERE id = 1", logger: database.logger)
            return .deleted
        }
    }

    func team(id: String) async throws -> TeamRecord? {
        try await database.run { client in
            try await client.query("SELECT id, name, settings, created_at FROM teams WHERE id = \(id)", logger: database.logger).collect().first.map(Self.team)
        }
    }

    func teams(limit: Int, after: String?) async throws -> Page<TeamRecord> {
        try await database.run { client in
            let cursor = try await Self.sequence(of: after, table: "teams", client: client, database: database)
            let teams = try await client.query("""
                SELECT id, name, settings, created_at FROM teams WHERE (\(cursor)::bigint IS NULL OR seq > \(cursor)) ORDER BY seq LIMIT \(limit + 1)
                """, logger: database.logger).collect().map(Self.team)
            return Page(items: Array(teams.prefix(limit)), hasMore: teams.count > limit)
        }
    }

    func version() async throws -> Int {
        try await database.run { client in
            try await client.query("SELECT version FROM access_version WHERE id = 1", logger: database.logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    /// Runs one change in a transaction with the version bump when it touched rows; how many it touched.
    private func changed(_ change: @escaping @Sendable (PostgresConnection) async throws -> Int) async throws -> Int {
        try await database.transaction { connection in
            let touched = try await change(connection)
            if touched > 0 { try await connection.query("UPDATE access_version SET version = version + 1 WHERE id = 1", logger: database.logger) }
            return touched
        }
    }

    private static let selectKeys = "SELECT id, name, team_id, secret_hash, secret_hint, settings, expires_at, disabled, created_at FROM api_keys"

    private static func sequence(of id: String?, table: String, client: PostgresClient, database: PostgresDatabase) async throws -> Int? {
        guard let id else { return nil }
        let found = try await client.query("SELECT seq FROM \(unescaped: table) WHERE id = \(id)", logger: database.logger).collect().first
        guard let seq = try found?.decode(Int.self) else { throw StoreError.unknownCursor(id) }
        return seq
    }

    private static func key(_ row: PostgresRow) throws -> KeyRecord {
        let (id, name, teamID, hash, hint, settingsText, expiresAt, disabled, createdAt) = try row.decode(KeyRow.self)
        let settings = KeyRecord.settings(settingsText)
        return KeyRecord(
            id: id, name: name, teamID: teamID, secretHash: hash, secretHint: hint, rules: settings.rules, tags: settings.tags,
            expiresAt: expiresAt, metadata: settings.metadata, disabled: disabled, createdAt: createdAt)
    }

    private static func team(_ row: PostgresRow) throws -> TeamRecord {
        let (id, name, settings, createdAt) = try row.decode((String, String, String, Int).self)
        return TeamRecord(id: id, name: name, rules: AccessRules(json: (try? JSONValue.parse(settings)) ?? .null), createdAt: createdAt)
    }
}
