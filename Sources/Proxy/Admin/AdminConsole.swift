import Foundation
import Media
import PrismShared
import Storage

/// Runs `admin/magic` commands against the stores and answers in markdown. Destructive commands say what
/// they did, in counts; an id that names nothing is said so, never guessed at.
struct AdminConsole: Sendable {
    let maintenance: any StoreMaintenance
    let responses: any ResponseStore
    let completions: any ChatCompletionStore
    let runner: JobRunner
    let links: MediaLinks
    let pools: [String: KeyPool]
    let toolKeys: [String: [String]]
    let meter: UsageMeter
    /// The configured routes, for the `routes` command.
    let routes: RoutePlanner
    /// Managed keys and the ledger, for `keys create|revoke` and `usage`.
    let keyStore: any KeyStore
    let managedKeys: ManagedKeys
    let usage: any UsageLedger
    /// The webhook outbox, for the `webhooks` command.
    let webhooks: any WebhookOutbox

    private var media: MediaLibrary { runner.media }
    private var jobs: any JobStore { runner.jobs }

    func run(_ command: AdminCommand) async throws -> String {
        switch command {
        case .help: return Self.helpText
        case .invalid(let hint): return hint + "\n\n" + Self.helpText
        case .list(let kind, let prefix): return try await list(kind, prefix: prefix)
        case .show(let id): return try await show(id)
        case .delete(let id): return try await delete(id)
        case .deleteAll:
            let deletedResponses = try await responses.deleteAll(scope: Scope.everything)
            let deletedChats = try await completions.deleteAll(scope: Scope.everything)
            return "Deleted \(deletedResponses) responses and \(deletedChats) stored chats of every key. Media and jobs are kept (`purge media` removes media)."
        case .purgeMedia(let days):
            let cutoff = days.map { Int(Date().timeIntervalSince1970) - $0 * 86_400 }
            let (rows, files) = try await media.purge(createdBefore: cutoff)
            return "Purged \(rows) media item\(rows == 1 ? "" : "s")\(days.map { " older than \($0) days" } ?? "") and \(files) file\(files == 1 ? "" : "s") no other item used."
        case .stats: return try await stats()
        case .keys: return keys()
        case .createKey(let request): return try await createKey(request)
        case .revokeKey(let id): return try await revokeKey(id)
        case .usage(let period, let grouping): return try await usageTable(period, grouping)
        case .routes: return "```\n\(RouteReport(planner: routes).text)\n```"
        case .jobs: return try await unfinishedJobs()
        case .webhooks: return try await webhookReport()
        case .cancel(let id):
            guard Identifier.isWellFormed(id) else { return "`\(id.prefix(60))` is not a job id (they look like `job_…`)." }
            guard let job = try await runner.cancel(id: id, owner: nil) else { return "There is no job `\(id)`." }
            return "Job `\(job.id)` is now **\(job.status.rawValue)**."
        case .vacuum:
            let before = try await maintenance.databaseBytes()
            try await maintenance.vacuum()
            return "Vacuumed the database: \(Self.bytes(before)) → \(Self.bytes(try await maintenance.databaseBytes()))."
        }
    }

    static let helpText = """
        **admin/magic** — type one command:

        | command | what it does |
        |---|---|
        | `list [responses\\|chats\\|media\\|jobs] [prefix]` (`ls`) | the newest items, of every key |
        | `show <id>` (or just the id) | one response, chat, media item or job |
        | `delete <id>` (`rm <id>`) | deletes one item |
        | `delete all` (`deleteall`, `rm -rf`) | deletes every stored response and chat |
        | `purge media [older-than <N>d]` | deletes media items and their unused files |
        | `stats` | counts, database and media bytes, requests and tokens per provider |
        | `keys` | each provider's key pool: masked keys, cooling down or benched, last error |
        | `keys create <name> [--budget 5/day] [--rpm 60] [--models groq/*,image/*]` | a managed key; its secret is shown once |
        | `keys revoke <key-id>` | deletes a managed key: its next request is refused |
        | `usage [today\\|week\\|month] [by key\\|model\\|provider\\|tag]` | requests, tokens and cost from the ledger |
        | `routes` | each route's targets: requests and failures in 15 minutes, time to first byte, circuit |
        | `jobs` / `cancel <job-id>` | the unfinished media jobs / stop one |
        | `webhooks` | recent webhook deliveries, and those still failing |
        | `vacuum` | compacts the database file |
        """

    private func list(_ kind: AdminCommand.Kind?, prefix: String?) async throws -> String {
        let kinds = kind.map { [$0] } ?? AdminCommand.Kind.allCases
        var sections: [String] = []
        func matches(_ id: String) -> Bool { prefix.map { id.hasPrefix($0) } ?? true }
        for kind in kinds {
            var rows: [String] = []
            switch kind {
            case .responses:
                for item in try await responses.list(scope: Scope.everything, limit: 20, after: nil, prefix: prefix, model: nil).items {
                    rows.append("| `\(item.id)` | \(item.model) | \(item.status) | \(Self.date(item.createdAt)) | \(Self.cell(item.preview, 50)) |")
                }
                sections.append(Self.table("Responses", "| id | model | status | created | preview |", rows))
            case .chats:
                for item in try await completions.list(scope: Scope.everything, limit: 100, after: nil, ascending: false, model: nil).items {
                    guard let id = item["id"]?.stringValue, matches(id), rows.count < 20 else { continue }
                    let text = item["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
                    rows.append("| `\(id)` | \(item["model"]?.stringValue ?? "") | \(Self.date(item["created"]?.intValue ?? 0)) | \(Self.cell(text, 50)) |")
                }
                sections.append(Self.table("Stored chats", "| id | model | created | answer |", rows))
            case .media:
                for item in try await media.list(owner: nil, limit: 100, after: nil, kind: nil).items where matches(item.id) && rows.count < 20 {
                    rows.append("| `\(item.id)` | \(item.kind) | \(Self.bytes(item.bytes)) | \(item.model) | \(Self.cell(item.prompt, 40)) |")
                }
                sections.append(Self.table("Media", "| id | kind | size | model | prompt |", rows))
            case .jobs:
                for job in try await jobs.list(owner: nil, limit: 100, after: nil).items where matches(job.id) && rows.count < 20 {
                    rows.append("| `\(job.id)` | \(job.model) | \(job.status.rawValue) | \(Self.cell(job.message, 40)) |")
                }
                sections.append(Self.table("Jobs", "| id | model | status | message |", rows))
            }
        }
        return sections.joined(separator: "\n\n")
    }

    private func show(_ id: String) async throws -> String {
        guard Identifier.isWellFormed(id) else { return "`\(id.prefix(60))` is not an id: ids are letters, digits, `_` and `-`." }
        if id.hasPrefix("resp_"), let chain = try await responses.chain(endingAt: id, scope: Scope.everything), let link = chain.last {
            var lines = ["**Response `\(id)`** — \(link.object["model"]?.stringValue ?? ""), \(link.object["status"]?.stringValue ?? "")", ""]
            for item in link.inputItems + (link.object["output"]?.arrayValue ?? []) {
                guard item["type"] == "message" else { continue }
                let text = item["content"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
                lines += [item["role"] == "assistant" ? "### Assistant" : "### User", text, ""]
            }
            return lines.joined(separator: "\n")
        }
        if id.hasPrefix("chatcmpl"), let stored = try await completions.completion(id: id, scope: Scope.everything) {
            var lines = ["**Stored chat `\(id)`** — \(stored.completion["model"]?.stringValue ?? "")", ""]
            for message in stored.messages.arrayValue ?? [] {
                lines += ["### \(message["role"]?.stringValue?.capitalized ?? "User")", message["content"]?.stringValue ?? "(parts)", ""]
            }
            lines += ["### Assistant", stored.completion["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""]
            return lines.joined(separator: "\n")
        }
        if id.hasPrefix("media_"), let item = try await media.record(id: id, owner: nil) {
            let preview = item.kind == "image" ? "![\(Self.cell(item.prompt, 40))](\(links.url(for: item)))" : "[▶ open](\(links.url(for: item)))"
            return """
                **Media `\(id)`** — \(item.kind), \(item.mimeType), \(Self.bytes(item.bytes))\(item.width.map { ", \($0)×\(item.height ?? 0)" } ?? "")
                model \(item.model), job `\(item.jobID ?? "-")`, created \(Self.date(item.createdAt))

                \(preview)
                """
        }
        if id.hasPrefix("job_"), let job = try await jobs.job(id: id, owner: nil) {
            var lines = ["**Job `\(id)`** — \(job.model), **\(job.status.rawValue)**", "",
                         "- created \(Self.date(Int(job.createdAt)))"]
            if let started = job.startedAt { lines.append("- started \(Self.date(Int(started)))") }
            if let finished = job.finishedAt { lines.append("- finished \(Self.date(Int(finished))) after \(Int(finished - (job.startedAt ?? job.createdAt))) s") }
            if let error = job.errorMessage { lines.append("- error: \(error)") }
            for mediaID in job.mediaIDs { lines.append("- media `\(mediaID)`") }
            return lines.joined(separator: "\n")
        }
        return "There is no response, stored chat, media item or job `\(id)`."
    }

    private func delete(_ id: String) async throws -> String {
        guard Identifier.isWellFormed(id) else { return "`\(id.prefix(60))` is not an id: nothing was deleted." }
        let deleted: Bool
        switch id {
        case let id where id.hasPrefix("resp_"): deleted = try await responses.delete(id: id, scope: Scope.everything)
        case let id where id.hasPrefix("chatcmpl"): deleted = try await completions.delete(id: id, scope: Scope.everything)
        case let id where id.hasPrefix("media_"): deleted = try await media.delete(id: id, owner: nil)
        default: return "`\(id)` is not a response, stored chat or media id: nothing was deleted."
        }
        return deleted ? "Deleted `\(id)` (1 item)." : "There is no `\(id)`: nothing was deleted."
    }

    /// Media jobs per model: started, succeeded, failed and the median run time of the last 20 that succeeded.
    private func jobsByModel() async throws -> [String] {
        let counts = try await runner.jobs.countsByModel()
        guard !counts.isEmpty else { return ["No media job has been started.", ""] }
        var lines = ["| media model | started | succeeded | failed | median time |", "|---|---|---|---|---|"]
        for row in counts {
            let median = JobEstimate.median(try await runner.jobs.recentDurations(model: row.model, limit: 20).map(\.seconds))
            lines.append("| \(row.model) | \(row.started) | \(row.succeeded) | \(row.failed) | \(median.map { "\(Int($0.rounded())) s" } ?? "–") |")
        }
        return lines + [""]
    }

    private func stats() async throws -> String {
        let (counts, mediaBytes) = try await maintenance.statistics()
        let databaseBytes = try await maintenance.databaseBytes()
        var lines = [
            "| what | count |", "|---|---|",
            "| responses | \(counts["responses"] ?? 0) |", "| stored chats | \(counts["chat_completions"] ?? 0) |",
            "| media items | \(counts["media"] ?? 0) |", "| jobs | \(counts["jobs"] ?? 0) |",
            "", "Database \(Self.bytes(databaseBytes)), media files \(Self.bytes(mediaBytes)).", "",
        ]
        lines += try await jobsByModel()
        let usage = meter.snapshot
        if usage.isEmpty {
            lines.append("No provider has been called since start.")
        } else {
            lines += ["| provider | requests | input tokens | output tokens |", "|---|---|---|---|"]
            for name in usage.keys.sorted() {
                let totals = usage[name]!
                lines.append("| \(name) | \(totals.requests) | \(totals.inputTokens) | \(totals.outputTokens) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func keys() -> String {
        var rows: [String] = []
        for name in pools.keys.sorted() {
            for state in pools[name]!.snapshot() {
                let health = state.benchedForSeconds.map { "benched for \($0) s" } ?? state.coolingForSeconds.map { "cooling down for \($0) s" } ?? "healthy"
                rows.append("| \(name) | `\(state.masked)` | \(health) | \(Self.cell(state.lastError ?? "", 40)) |")
            }
        }
        for name in toolKeys.keys.sorted() {
            for key in toolKeys[name]! { rows.append("| \(name) | `\(KeyPool.mask(key))` | configured | |") }
        }
        return Self.table("Key pools", "| provider | key | state | last error |", rows)
    }

    private func unfinishedJobs() async throws -> String {
        let rows = try await jobs.unfinished().map { job in
            "| `\(job.id)` | \(job.model) | \(job.status.rawValue) | \(Int(Date().timeIntervalSince1970 - job.createdAt)) s | \(Self.cell(job.message, 40)) |"
        }
        return Self.table("Unfinished jobs", "| id | model | status | age | message |", rows) + "\n\n`list jobs` lists them all; `cancel <job-id>` stops one."
    }

    static func table(_ title: String, _ header: String, _ rows: [String]) -> String {
        guard !rows.isEmpty else { return "**\(title)**: none." }
        let columns = header.filter { $0 == "|" }.count - 1
        return (["**\(title)**", "", header, "|" + String(repeating: "---|", count: columns)] + rows).joined(separator: "\n")
    }

    /// Text fit for one table cell: one line, pipes escaped, cut to `limit` characters.
    static func cell(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    static func date(_ unix: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }

    static func bytes(_ count: Int) -> String {
        count < 1024 ? "\(count) B" : count < 1 << 20 ? String(format: "%.1f KiB", Double(count) / 1024) : String(format: "%.1f MiB", Double(count) / 1_048_576)
    }
}
