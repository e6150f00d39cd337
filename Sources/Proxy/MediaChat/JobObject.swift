import PrismShared
import Storage

/// The job object of SPEC §5 and §15 — `{id, object: "job", model, status, progress, message, created_at,
/// started_at, finished_at, response_id, media: [{id, url}], metadata, error}` — built from a row and the
/// media rows it made, for `/v1/jobs` and for webhook events alike.
enum JobObject {
    /// The job object; `media` are the rows of `job.mediaIDs` that still exist.
    static func json(_ job: JobRecord, media: [MediaRecord], links: MediaLinks) -> JSONValue {
        [
            "id": .string(job.id), "object": "job", "model": .string(job.model), "status": .string(job.status.rawValue),
            "progress": job.progress.map { .number($0) } ?? .null, "message": .string(job.message), "created_at": JSONValue(Int(job.createdAt)),
            "started_at": job.startedAt.map { JSONValue(Int($0)) } ?? .null, "finished_at": job.finishedAt.map { JSONValue(Int($0)) } ?? .null,
            "response_id": JSONValue(job.responseID),
            "media": .array(media.map { ["id": .string($0.id), "url": .string(links.url(for: $0))] }),
            "metadata": job.request?[JobAnnotations.metadataKey] ?? .null,
            "error": job.errorCode.map { ["code": .string($0), "message": .string(job.errorMessage ?? "")] } ?? .null,
        ]
    }
}

/// What a job row keeps beside its request for the job API (SPEC §15): the client's `webhook_url` and
/// `metadata`, stored in the row's request object under these keys, so they are written with the job.
enum JobAnnotations {
    /// Where the client's `webhook_url` is kept.
    static let webhookURLKey = "webhook_url"
    /// Where the client's `metadata` is kept.
    static let metadataKey = "metadata"
}
