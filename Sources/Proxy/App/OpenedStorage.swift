import AsyncHTTPClient
import Foundation
import Logging
import Media
import Storage

/// What Prism keeps its things in, opened from the configuration (SPEC §17): the stores, the blob store
/// and the media signing key (generated once and kept by the stores when `MEDIA_SIGNING_KEY` is unset).
/// A configuration that cannot work stops start-up with a `ConfigError` sentence.
struct OpenedStorage: Sendable {
    let stores: Stores
    let blobs: any BlobStore
    let signer: MediaSigner
    /// Signs webhook bodies: `WEBHOOK_SECRET`, or one generated once and kept like the media key (SPEC §15).
    let webhookSigner: WebhookSigner
    /// The PostgreSQL pool when `DATABASE_URL` is set: replicas may share the database.
    let postgres: PostgresDatabase?

    static func open(_ config: GatewayConfig, httpClient: HTTPClient, logger: Logger) async throws -> OpenedStorage {
        let (stores, postgres) = try await openStores(config, logger: logger)
        do {
            let blobs = try await openBlobStore(config, httpClient: httpClient)
            let signer = try await MediaSigner.load(configured: config.environment["MEDIA_SIGNING_KEY"], store: stores.maintenance)
            let webhookSigner = try await WebhookSigner.load(configured: config.environment["WEBHOOK_SECRET"], store: stores.maintenance)
            return OpenedStorage(stores: stores, blobs: blobs, signer: signer, webhookSigner: webhookSigner, postgres: postgres)
        } catch {
            postgres?.shutdown()
            throw error
        }
    }

    /// `DATABASE_URL`: PostgreSQL, migrated (a server that is down or too old stops start-up with a
    /// sentence naming it); else SQLite in the data directory.
    private static func openStores(_ config: GatewayConfig, logger: Logger) async throws -> (Stores, PostgresDatabase?) {
        guard let url = config.environment["DATABASE_URL"].nonEmpty else { return (try Stores.sqlite(directory: config.dataDirectory), nil) }
        do {
            let (stores, database) = try await Stores.postgres(url: url, poolSize: config.databasePoolSize, logger: logger)
            return (stores, database)
        } catch StoreError.unavailable(let reason) {
            throw ConfigError(description: "The database could not be used: \(reason). Check DATABASE_URL and that PostgreSQL is running.")
        }
    }

    /// `MEDIA_STORE`: an S3 bucket (checked with a probe object, so a wrong bucket or key stops start-up with
    /// a sentence), else the media directory in the data directory.
    private static func openBlobStore(_ config: GatewayConfig, httpClient: HTTPClient) async throws -> any BlobStore {
        do {
            guard let bucket = try S3BlobStore.from(environment: config.environment, httpClient: httpClient) else {
                return LocalBlobStore(directory: (config.dataDirectory as NSString).appendingPathComponent("media"))
            }
            try await bucket.check()
            return bucket
        } catch let error as BlobStoreError {
            throw ConfigError(description: error.description)
        }
    }
}
