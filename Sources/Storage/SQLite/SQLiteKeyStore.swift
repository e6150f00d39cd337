import GRDB
import Synchronization
import PrismShared

/// Managed keys and teams in SQLite (SPEC §13). Writes are rare (an admin's), so they go straight through
/// the commit queue with the version bump in the same transaction.
struct SQLiteKeyStore: KeyStore {
    let database: SQLiteDatabase

    private static let keyColumns = "id, name, team_id, secret_hash, secret_hint, settings, expires_at, disabled, created_at"

    func insert(_ key: KeyRecord) async throws {
        try await database.commits.commit { db in
            try db.execute(sql: "INSERT INTO api_keys (\(Self.keyColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: Self.arguments(key))
            try Self.bump(db)
        }
    }

    func update(_ key: KeyRecord) async throws -> Bool {
        try await changed { db in
            try db.execute(sql: """
                UPDATE api_keys SET name = ?, team_id = ?, secret_hash = ?, secret_hint = ?, settings = ?, expires_at = ?, disabled = ?
                WHERE id = ?
                """, arguments: [key.name, key.teamID, key.secretHash, key.secretHint, key.settingsText, key.expiresAt, key.disabled, key.id])
        }
    }

    func deleteKey(id: String) async throws -> Bool {
        try await changed { db in try db.execute(sql: "DELETE FROM api_keys WHERE id = ?", arguments: [id]) }
    }

    func key(id: String) async throws -> KeyRecord? {
        try await database.writer.read { db in try Row.fetchOne(db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id]).map(Self.key) }
    }

    func key(secretHash: String) async throws -> KeyRecord? {
        try await database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE secret_hash = ?", arguments: [secretHash]).map(Self.key)
        }
    }

    func keys(teamID: String?, limit: Int, after: String?) async throws -> Page<KeyRecord> {
        try await database.writer.read { db in
            var sql = "SELECT \(Self.keyColumns) FROM api_keys WHERE (? IS NULL OR team_id = ?)"
            var values: StatementArguments = [teamID, teamID]
            if let after {
                sql += " AND seq > ?"
                values += [try Self.sequence(of: after, table: "api_keys", db: db)]
            }
            sql += " ORDER BY seq LIMIT ?"
            values += [limit + 1]
            let keys = try Row.fetchAll(db, sql: sql, arguments: values).map(Self.key)
            return Page(items: Array(keys.prefix(limit)), hasMore: keys.count > limit)
        }
    }

    func insert(_ team: TeamRecord) async throws {
        try await database.commits.commit { db in
            try db.execute(sql: "INSERT INTO teams (id, name, settings, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [team.id, team.name, team.rules.json.serialized(), team.createdAt])
            try Self.bump(db)
        }
    }

    func update(_ team: TeamRecord) async throws -> Bool {
        try await changed { db in
            try db.execute(sql: "UPDATE teams SET name = ?, settings = ? WHERE id = ?", arguments: [team.name, team.rules.json.serialized(), team.id])
        }
    }

    func deleteTeam(id: String) async throws -> TeamDeletion {
        let outcome = Mutex<TeamDeletion>(.notFound)
        try await database.commits.commit { db in
            let keys = try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys WHERE team_id = ?", arguments: [id]) ?? 0
            if keys > 0 {
                outcome.withLock { $0 = .hasKeys(keys) }
                return
            }
            try db.execute(sql: "DELETE FROM teams WHERE id = ?", arguments: [id])
            if db.changesCount > 0 {
                try Self.bump(db)
                outcome.withLock { $0 = .deleted }
            }
        }
        return outcome.withLock { $0 }
    }

    func team(id: String) async throws -> TeamRecord? {
        try await database.writer.read { db in try Row.fetchOne(db, sql: "SELECT id, name, settings, created_at FROM teams WHERE id = ?", arguments: [id]).map(Self.team) }
    }

    func teams(limit: Int, after: String?) async throws -> Page<TeamRecord> {
        try await database.writer.read { db in
            var sql = "SELECT id, name, settings, created_at FROM teams"
            var values: StatementArguments = []
            if let after {
                sql += " WHERE seq > ?"
                values += [try Self.sequence(of: after, table: "teams", db: db)]
            }
            sql += " ORDER BY seq LIMIT ?"
            values += [limit + 1]
            let teams = try Row.fetchAll(db, sql: sql, arguments: values).map(Self.team)
            return Page(items: Array(teams.prefix(limit)), hasMore: teams.count > limit)
        }
    }

    func version() async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT version FROM access_version WHERE id = 1") ?? 0 }
    }

    /// Runs one change; whether it touched a row (and if so, bumps the version in the same transaction).
    private func changed(_ change: @escaping @Sendable (Database) throws -> Void) async throws -> Bool {
        let touched = Mutex(false)
        try await database.commits.commit { db in
            try change(db)
            guard db.changesCount > 0 else { return }
            try Self.bump(db)
            touched.withLock { $0 = true }
        }
        return touched.withLock { $0 }
    }

    private static func bump(_ db: Database) throws {
        try db.execute(sql: "UPDATE access_version SET version = version + 1 WHERE id = 1")
    }

    private static func sequence(of id: String, table: String, db: Database) throws -> Int {
        guard let seq = try Int.fetchOne(db, sql: "SELECT seq FROM \(table) WHERE id = ?", arguments: [id]) else { throw StoreError.unknownCursor(id) }
        return seq
    }

    private static func arguments(_ key: KeyRecord) -> StatementArguments {
        [key.id, key.name, key.teamID, key.secretHash, key.secretHint, key.settingsText, key.expiresAt, key.disabled, key.createdAt]
    }

    private static func key(_ row: Row) -> KeyRecord {
        let settings = KeyRecord.settings(row["settings"])
        return KeyRecord(
            id: row["id"], name: row["name"], teamID: row["team_id"], secretHash: row["secret_hash"], secretHint: row["secret_hint"],
            rules: settings.rules, tags: settings.tags, expiresAt: row["expires_at"], metadata: settings.metadata, disabled: row["disabled"],
            createdAt: row["created_at"])
    }

    private static func team(_ row: Row) -> TeamRecord {
        TeamRecord(id: row["id"], name: row["name"], rules: AccessRules(json: (try? JSONValue.parse(row["settings"] as String)) ?? .null), createdAt: row["created_at"])
    }
}
