import Foundation
import PrismShared
import Storage
import Testing

/// The two backends every store test runs against: the same ids, ordering, pagination, scoping and errors.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// Fresh, empty stores for `body`: an in-memory SQLite database (one in a temporary data directory with
    /// `persistent`, where secrets are files), or a new database of the test cluster, whose pool is closed
    /// afterwards.
    func withStores(persistent: Bool = false, _ body: (Stores) async throws -> Void) async throws {
        switch self {
        case .sqlite where persistent:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-store-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await body(try Stores.sqlite(directory: directory))
        case .sqlite:
            try await body(try Stores.inMemory())
        case .postgres:
            let (stores, database) = try await Stores.postgres(url: try await PostgresCluster.shared.newDatabase(), poolSize: 4)
            do {
                try await body(stores)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }
}

extension Backend {
    /// Two replicas' stores over one database: two pools on one SQLite file, or two pools on one PostgreSQL
    /// database of the test cluster.
    func withTwoReplicas(_ body: (Stores, Stores) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-store-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await body(try Stores.sqlite(directory: directory), try Stores.sqlite(directory: directory))
        case .postgres:
            let url = try await PostgresCluster.shared.newDatabase()
            let (first, firstDatabase) = try await Stores.postgres(url: url, poolSize: 2)
            let (second, secondDatabase) = try await Stores.postgres(url: url, poolSize: 2)
            do {
                try await body(first, second)
            } catch {
                await firstDatabase.close()
                await secondDatabase.close()
                throw error
            }
            await firstDatabase.close()
            await secondDatabase.close()
        }
    }
}

/// Principals of the tests: two users and the admin.
let alice = Scope(principal: "alice", isAdmin: false)
let bob = Scope(principal: "bob", isAdmin: false)

/// A response as the gateway stores it: `object` carries the id and status, one input item per `items`.
func storedResponse(
    _ id: String, previous: String? = nil, principal: String = "alice", model: String = "m", status: String = "completed", items: Int = 1,
    createdAt: Int = 1_700_000_000, firstUserText: String? = nil
) -> NewStoredResponse {
    NewStoredResponse(
        id: id, principal: principal, model: model, status: status, previousResponseID: previous, createdAt: createdAt,
        object: ["id": .string(id), "status": .string(status), "output": []],
        inputItems: (0..<items).map { ["id": .string("msg_\(id)_\($0)"), "type": "message", "role": "user", "content": []] },
        preview: "answer of \(id)", firstUserText: firstUserText ?? "first of \(id)")
}

/// A media row of `principal`; rows with the same `sha256` and type share one blob.
func mediaRecord(
    _ id: String, principal: String = "alice", kind: String = "image", sha256: String = "same", bytes: Int = 10, createdAt: Int = 10, jobID: String? = nil
) -> MediaRecord {
    MediaRecord(
        id: id, principal: principal, jobID: jobID, kind: kind, mimeType: kind == "image" ? "image/png" : "video/mp4", bytes: bytes, sha256: sha256,
        width: kind == "image" ? 64 : nil, height: kind == "image" ? 48 : nil, duration: kind == "video" ? 5.5 : nil, prompt: "a cat",
        model: "\(kind)/x", createdAt: createdAt)
}

/// A managed key with every field set, so a round trip that drops one shows.
func keyRecord(_ id: String, team: String? = nil, secret: String? = nil, disabled: Bool = false) -> KeyRecord {
    KeyRecord(
        id: id, name: "name of \(id)", teamID: team, secretHash: "hash-of-\(secret ?? id)", secretHint: "sk-prism-…\(id.suffix(4))",
        rules: AccessRules(models: ["groq/*", "image/*"], budget: Budget(usd: 2.5, period: .week), rateLimit: RateLimit(rpm: 60, tpm: 1000, rpd: nil, maxConcurrentJobs: 2)),
        tags: ["ci", "team-a"], expiresAt: 2_000_000_000, metadata: ["owner": "alice"], disabled: disabled, createdAt: 1_700_000_000)
}
