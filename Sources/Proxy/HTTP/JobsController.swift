import Hummingbird
import NIOCore
import Media
import PrismShared
import Storage

/// `POST /v1/jobs` (SPEC §15, in `+Create`), `GET /v1/jobs/{id}` (`?stream=true` to follow it), `GET /v1/jobs`
/// and `POST /v1/jobs/{id}/cancel`: media jobs as SPEC §5 shows them, scoped to their principal.
struct JobsController: Sendable {
    let jobs: any JobStore
    let mediaChat: MediaChatHandler
    let maxBodyBytes: Int

    var runner: JobRunner { mediaChat.runner }
    var links: MediaLinks { mediaChat.links }

    var media: MediaLibrary { runner.media }

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/jobs", use: list)
        router.post("/v1/jobs", use: create)
        router.get("/v1/jobs/{id}", use: retrieve)
        router.post("/v1/jobs/{id}/cancel", use: cancel)
    }

    /// Stops a running job; a job that already ended is answered with its final status.
    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard let job = try await runner.cancel(id: id, owner: context.principal.ownerFilter) else {
            throw Self.notFound(id)
        }
        return JSONResponse.make(try await json(job))
    }

    private static func notFound(_ id: String) -> GatewayError {
        .notFound("There is no job \(id): it never existed or belongs to another key.", code: "job_not_found")
    }

    @Sendable func retrieve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try pathID(context)
        guard let job = try await jobs.job(id: id, owner: context.principal.ownerFilter) else {
            throw Self.notFound(id)
        }
        guard request.uri.queryParameters["stream"] == "true" else { return JSONResponse.make(try await json(job)) }
        return stream(id, request: request, owner: context.principal.ownerFilter)
    }

    /// `?stream=true` (SPEC §15): the job's states as server-sent events from now until it ends, whichever
    /// replica runs it — `job.progress` while it runs, then `job.succeeded`, `job.failed` or `job.cancelled`.
    private func stream(_ id: String, request: Request, owner: String?) -> Response {
        SSEResponse.make(request: request) { writer in
            for try await state in jobs.follow(id: id, owner: owner) {
                let name = state.status.isFinished ? "job.\(state.status.rawValue)" : "job.progress"
                try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(try await json(state).serialized())\n\n"))
            }
        }
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request)
        let page = try await jobs.list(owner: context.principal.ownerFilter, limit: query.limit, after: query.after)
        var data: [JSONValue] = []
        for job in page.items { data.append(try await json(job)) }
        return JSONResponse.list(data, hasMore: page.hasMore)
    }

    func json(_ job: JobRecord) async throws -> JSONValue {
        var records: [MediaRecord] = []
        for id in job.mediaIDs {
            if let record = try await media.record(id: id, owner: nil) { records.append(record) }
        }
        return JobObject.json(job, media: records, links: links)
    }
}
