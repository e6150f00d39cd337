import Foundation
import HTTPTypes
import Hummingbird
import Media
import PrismShared
import Storage

/// `POST /v1/jobs` (SPEC §15): a media job without a chat. `202` with the job and `Location: /v1/jobs/<id>`;
/// `Prefer: wait=<seconds>` (at most 60) holds the answer until the job ends (`200` with the final job) or
/// the time passes (`202`). A `webhook_url` is checked by the guarded fetcher's rules now, and again when it
/// is called.
extension JobsController {
    /// `POST /v1/jobs`: checks, starts, and answers 202 (or 200 when `Prefer: wait` saw the end).
    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(limit: maxBodyBytes)
        let submission = try JobSubmission(body)
        let wait = try Self.preferredWait(request.headers[.prefer])
        if let url = submission.webhookURL { try await Self.checkWebhookURL(url, fetcher: mediaChat.registry.fetcher) }
        try await context.admit(submission.model, body: body.objectValue ?? JSONObject())
        context.decision?.serving(provider: submission.family.provider(of: submission.name), model: MediaRegistry.upstreamModel(submission.name))
        let started = try await mediaChat.start(
            messages: submission.messages, family: submission.family, model: submission.name, displayModel: submission.model, principal: context.principal,
            decision: context.decision, annotations: submission.annotations, attach: false)
        guard case .job(let job, let updates, _, _, _, _) = started else {
            throw GatewayError.invalidRequest("A job needs a prompt to make something; /help is answered in chat only.", code: "invalid_value", param: "prompt")
        }
        var final: JobRecord?
        if wait > 0 { final = await Self.end(of: updates, within: wait) }
        var shown = job
        if let final {
            shown = final
            await runner.delivered(job.id)
        } else if let current = try await jobs.job(id: job.id, owner: nil) {
            shown = current
        }
        var response = JSONResponse.make(try await json(shown), status: final == nil ? .accepted : .ok)
        response.headers[.location] = "/v1/jobs/\(job.id)"
        response.headers[.prismJobID] = job.id
        if wait > 0 { response.headers[.preferenceApplied] = "wait=\(wait)" }
        return response
    }

    /// The job's final row if it ends within `seconds`; the job goes on either way.
    private static func end(of updates: AsyncStream<JobRunner.Update>, within seconds: Int) async -> JobRecord? {
        await withTaskGroup(of: JobRecord?.self) { group in
            group.addTask {
                for await update in updates { if case .finished(let job, _) = update { return job } }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// `Prefer: wait=N` (RFC 7240): N seconds, at most 60; other preferences are ignored.
    static func preferredWait(_ header: String?) throws(GatewayError) -> Int {
        guard let header else { return 0 }
        for preference in header.split(separator: ",") {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].lowercased() == "wait" else { continue }
            guard let seconds = Int(parts[1]), (0...60).contains(seconds) else {
                throw .invalidRequest("Prefer: wait is \(parts[1].prefix(20)); use a whole number of seconds from 0 to 60.", code: "invalid_value", param: "Prefer")
            }
            return seconds
        }
        return 0
    }

    /// A client's receiver must pass the guarded fetcher's rules (SPEC §10): `400 url_not_allowed` otherwise.
    static func checkWebhookURL(_ url: String, fetcher: GuardedFetcher) async throws {
        do {
            try await fetcher.check(url)
        } catch {
            switch error {
            case .refused(let reason):
                throw GatewayError.invalidRequest("webhook_url is not allowed: \(reason).", code: "url_not_allowed", param: "webhook_url")
            case .failed(let reason):
                throw GatewayError.invalidRequest("webhook_url cannot be used: \(reason).", code: "invalid_value", param: "webhook_url")
            }
        }
    }
}

extension HTTPField.Name {
    /// RFC 7240's request header.
    static let prefer = HTTPField.Name("Prefer")!
    /// Which preference the answer honoured.
    static let preferenceApplied = HTTPField.Name("Preference-Applied")!
}
