import Storage

/// One `admin/magic` command (SPEC §8), parsed from the last user text. Anything not understood is `help`,
/// so a typo never deletes anything.
enum AdminCommand: Equatable, Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case responses, chats, media, jobs
    }

    case help
    /// `list [kind] [prefix]`; `ls` lists everything.
    case list(Kind?, prefix: String?)
    /// `show <id>`, or a bare id.
    case show(String)
    case delete(String)
    /// Every stored response and chat of every principal.
    case deleteAll
    /// `purge media [older-than <N>d]`.
    case purgeMedia(olderThanDays: Int?)
    case stats
    case keys
    /// `keys create …` and `keys revoke <id>` (SPEC §13).
    case createKey(KeyRequest)
    case revokeKey(String)
    /// `usage [today|week|month] [by …]`: the ledger's spend as a table.
    case usage(BudgetPeriod, UsageGrouping)
    /// Each route's targets and their circuits (SPEC §12).
    case routes
    case jobs
    /// Recent webhook deliveries and the failing ones (SPEC §15).
    case webhooks
    case cancel(String)
    case vacuum
    /// A command that was understood but is missing something, with what to type instead.
    case invalid(String)

    static func parse(_ text: String) -> AdminCommand {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first?.lowercased() else { return .help }
        let rest = Array(words.dropFirst())
        switch verb {
        case "/help", "help", "?": return .help
        case "ls": return rest.isEmpty ? .list(nil, prefix: nil) : parseList(rest)
        case "list": return parseList(rest)
        case "show": return rest.count == 1 ? .show(rest[0]) : .invalid("Type `show <id>`, e.g. `show resp_…`.")
        case "delete", "rm":
            if rest.map({ $0.lowercased() }) == ["all"] || rest.map({ $0.lowercased() }) == ["-rf"] { return .deleteAll }
            return rest.count == 1 ? .delete(rest[0]) : .invalid("Type `delete <id>` for one item, or `delete all` for every response and chat.")
        case "deleteall": return rest.isEmpty ? .deleteAll : .help
        case "purge":
            guard rest.first?.lowercased() == "media" else { return .invalid("Type `purge media` or `purge media older-than 30d`.") }
            if rest.count == 1 { return .purgeMedia(olderThanDays: nil) }
            guard rest.count == 3, rest[1].lowercased() == "older-than", rest[2].lowercased().hasSuffix("d"),
                  let days = Int(rest[2].dropLast()), days >= 0
            else { return .invalid("Type `purge media older-than <N>d`, e.g. `purge media older-than 30d`.") }
            return .purgeMedia(olderThanDays: days)
        case "stats": return .stats
        case "keys": return parseKeys(rest)
        case "usage": return parseUsage(rest)
        case "routes": return .routes
        case "jobs": return .jobs
        case "webhooks": return .webhooks
        case "cancel": return rest.count == 1 ? .cancel(rest[0]) : .invalid("Type `cancel <job-id>`.")
        case "vacuum": return .vacuum
        default:
            // A bare id shows that item.
            if words.count == 1, ["resp_", "chatcmpl", "media_", "job_"].contains(where: { verb.hasPrefix($0) }) { return .show(words[0]) }
            return .help
        }
    }

    private static func parseList(_ words: [String]) -> AdminCommand {
        guard let first = words.first else { return .list(nil, prefix: nil) }
        if let kind = Kind(rawValue: first.lowercased()) ?? (first.lowercased() == "chat" ? .chats : nil) {
            return .list(kind, prefix: words.count > 1 ? words[1] : nil)
        }
        return words.count == 1 ? .list(nil, prefix: first) : .invalid("Type `list [responses|chats|media|jobs] [prefix]`.")
    }
}
