import AsyncHTTPClient
import Foundation
import Media
import Storage

/// What Prism keeps its things in, opened from the configuration (SPEC §17): the stores, the blob store
/// and the media signing key (generated once and kept by the stores when `MEDIA_SIGNING_KEY` is unset).
/// A configuration that cannot work stops start-up with a `ConfigError` sentence.
struct OpenedStorage: Sendable {
    let stores: Stores
    let blobs: any BlobStore
    let signer: MediaSigner

    static func open(_ config: GatewayConfig, httpClient: HTTPClient) async throws -> OpenedStorage {
        let stores = try Stores.sqlite(directory: config.dataDirectory)
        let blobs = try await openBlobStore(config, httpClient: httpClient)
        let signer = try await MediaSigner.load(configured: config.environment["MEDIA_SIGNING_KEY"], store: stores.maintenance)
        return OpenedStorage(stores: stores, blobs: blobs, signer: signer)
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
