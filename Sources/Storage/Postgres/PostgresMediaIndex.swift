import PostgresNIO

/// The media rows in PostgreSQL; the bytes are in the blob store.
struct PostgresMediaIndex: MediaIndex {
    let database: PostgresDatabase
    /// The columns `record(_:)` reads, in its order.
    static let columns = "id, principal, job_id, kind, mime_type, bytes, sha256, width, height, duration, prompt, model, created_at"

    /// Adds the row of one stored item.
    func insert(_ record: MediaRecord) async throws {
        try await database.run { client in try await client.run(Self.insert(record), logger: database.logger) }
    }

    /// The insert, for a caller's transaction (a job's end writes its media and its state together).
    static func insert(_ record: MediaRecord) -> PostgresQuery {
        """
        INSERT INTO media (id, principal, job_id, kind, mime_type, bytes, sha256, width, height, duration, prompt, model, created_at)
        VALUES (\(record.id), \(record.principal), \(record.jobID), \(record.kind), \(record.mimeType), \(record.bytes), \(record.sha256),
                \(record.width), \(record.height), \(record.duration), \(record.prompt), \(record.model), \(record.createdAt))
        """
    }

    /// The item `id`, if `owner` may see it (`nil` owner: anybody's).
    func record(id: String, owner: String?) async throws -> MediaRecord? {
        try await database.run { client in
            try await client.query("SELECT \(unescaped: Self.columns) FROM media WHERE id = \(id) AND (\(owner)::text IS NULL OR principal = \(owner))",
                                   logger: database.logger).collect().first.map(Self.record)
        }
    }

    /// Newest first by insertion order; `kind` filters.
    func list(owner: String?, limit: Int, after: String?, kind: String?) async throws -> Page<MediaRecord> {
        try await database.run { client in
            let cursor = try await PostgresPaging.sequence(of: after, table: "media", owner: owner, client: client, logger: database.logger)
            let rows = try await client.query("""
                SELECT \(unescaped: Self.columns) FROM media WHERE (\(owner)::text IS NULL OR principal = \(owner))
                AND (\(cursor)::bigint IS NULL OR seq < \(cursor)) AND (\(kind)::text IS NULL OR kind = \(kind))
                ORDER BY seq DESC LIMIT \(limit + 1)
                """, logger: database.logger).collect().map(Self.record)
            return Page(items: Array(rows.prefix(limit)), hasMore: rows.count > limit)
        }
    }

    /// Deletes the row; returns it and whether no other row uses its blob any more, both decided in one transaction.
    func delete(id: String, owner: String?) async throws -> (record: MediaRecord, orphaned: Bool)? {
        let logger = database.logger
        return try await database.transaction { connection -> (record: MediaRecord, orphaned: Bool)? in
            guard let row = try await connection.query("""
                DELETE FROM media WHERE id = \(id) AND (\(owner)::text IS NULL OR principal = \(owner)) RETURNING \(unescaped: Self.columns)
                """, logger: logger).collect().first else { return nil }
            let record = try Self.record(row)
            return (record, try await Self.isOrphaned(record, connection: connection, logger: logger))
        }
    }

    /// Deletes every item created before `cutoff` (all when `nil`); returns how many went and the blob keys
    /// no row uses any more.
    func purge(createdBefore cutoff: Int?) async throws -> (rows: Int, orphanedKeys: [String]) {
        let logger = database.logger
        return try await database.transaction { connection in
            let doomed = try await connection.query("""
                DELETE FROM media WHERE \(cutoff)::bigint IS NULL OR created_at < \(cutoff) RETURNING \(unescaped: Self.columns)
                """, logger: logger).collect().map(Self.record)
            var orphans: Set<String> = []
            for record in doomed where try await Self.isOrphaned(record, connection: connection, logger: logger) { orphans.insert(record.blobKey) }
            return (doomed.count, orphans.sorted())
        }
    }

    /// Whether no row uses the blob of `record` any more (blobs are shared by identical bytes of one type).
    private static func isOrphaned(_ record: MediaRecord, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query(
            "SELECT count(*) FROM media WHERE sha256 = \(record.sha256) AND mime_type = \(record.mimeType)", logger: logger
        ).collect().first?.decode(Int.self) == 0
    }

    /// A row of `columns` as a record.
    static func record(_ row: PostgresRow) throws -> MediaRecord {
        let (id, principal, jobID, kind, mime, bytes, sha256, width, height, duration, prompt, model, createdAt) = try row.decode(
            (String, String, String?, String, String, Int, String, Int?, Int?, Double?, String, String, Int).self)
        return MediaRecord(
            id: id, principal: principal, jobID: jobID, kind: kind, mimeType: mime, bytes: bytes, sha256: sha256, width: width, height: height,
            duration: duration, prompt: prompt, model: model, createdAt: createdAt)
    }
}
