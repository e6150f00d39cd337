import AsyncHTTPClient
import Foundation
import PrismShared

/// Alibaba Model Studio's asynchronous task API, which both DashScope providers use: a `POST` with
/// `X-DashScope-Async: enable` answers `{output: {task_id, task_status}, request_id}`; `GET
/// /api/v1/tasks/<task_id>` is polled until `task_status` is `SUCCEEDED`, `FAILED` (`output.code`,
/// `output.message`), `CANCELED` or `UNKNOWN`; a `PENDING` task can be cancelled.
struct DashScopeTasks: Sendable {
    let access: ProviderAccess
    let http: MediaHTTP

    /// Model Studio's codes for a refusal by its content inspection.
    static let contentFilterCodes: Set<String> = ["DataInspectionFailed", "DataInspection", "IPInfringementSuspect"]

    init(_ access: ProviderAccess) {
        self.access = access
        http = access.http("DashScope")
    }

    private var auth: [(String, String)] { [("authorization", "Bearer \(access.key)")] }

    /// Creates a task at `path`; its id.
    func submit(_ path: String, body: JSONValue) async throws -> String {
        let created = try await http.send(
            access.baseURL + path, headers: auth + [("x-dashscope-async", "enable")], json: body, timeoutSeconds: 60, maxBytes: 4 << 20)
        guard created.status == 200, let id = created.json?["output"]?["task_id"]?.stringValue else {
            throw Self.error(code: created.json?["code"]?.stringValue, message: created.errorMessage, status: created.status)
        }
        return id
    }

    /// Polls the task until it ends, reporting its states; its `output` once it succeeded.
    func follow(_ id: String, _ continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation) async throws -> JSONValue {
        try await PollSchedule.poll(first: access.pollFirst) { () async throws -> JSONValue? in
            let polled = try await http.send(access.baseURL + "/api/v1/tasks/\(id)", method: .GET, headers: auth, timeoutSeconds: 60, maxBytes: 4 << 20)
            guard polled.status == 200, let output = polled.json?["output"] else {
                throw Self.error(code: polled.json?["code"]?.stringValue, message: polled.errorMessage, status: polled.status)
            }
            switch output["task_status"]?.stringValue ?? "" {
            case "PENDING": continuation.yield(.queued(position: nil))
            case "RUNNING": continuation.yield(.progress(fraction: nil, providerStatus: nil))
            case "SUCCEEDED": return output
            case "CANCELED": throw MediaProviderError("DashScope cancelled the task")
            case "UNKNOWN": throw MediaProviderError("DashScope no longer knows the task (its id is kept for 24 hours)")
            default: throw Self.error(code: output["code"]?.stringValue, message: output["message"]?.stringValue)
            }
            return nil
        }
    }

    /// Cancels a task that is still queued (`POST /api/v1/tasks/<task_id>/cancel`); a running one finishes.
    func cancel(_ id: String) async {
        _ = try? await http.send(access.baseURL + "/api/v1/tasks/\(id)/cancel", headers: auth, timeoutSeconds: 10)
    }

    /// A failure with Model Studio's code and message: the content filter's refusal, a refused call
    /// (`status`), or a failed task.
    static func error(code: String?, message: String?, status: Int? = nil) -> MediaProviderError {
        if let code, contentFilterCodes.contains(code) { return .contentFilter("DashScope", message ?? code) }
        if let status { return .answered("DashScope", status, message ?? code) }
        return .failed("DashScope", message ?? code)
    }
}
