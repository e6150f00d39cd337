import Foundation
import Hummingbird
import PrismShared
import Storage

/// `GET /v1/usage?from=&to=&group_by=` (SPEC §13): the ledger summed by one grouping. A managed key sees its
/// own usage; the admin everyone's; `Accept: text/csv` answers the same rows as CSV.
struct UsageController: Sendable {
    let usage: any UsageLedger
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/usage", use: summary)
    }

    @Sendable func summary(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let principal = context.principal
        guard principal.isAdmin || principal.access != nil else {
            throw GatewayError(status: 403, code: "usage_not_available",
                               message: "Usage is kept per managed key: ask the admin for a key (POST /v1/admin/keys), or ask the admin for the usage.")
        }
        let query = request.uri.queryParameters
        let to = try Self.time(query.get("to"), field: "to") ?? now()
        let from = try Self.time(query.get("from"), field: "from") ?? (to - 7 * 86_400)
        guard from < to else { throw GatewayError.invalidRequest("from must be before to.", code: "invalid_range", param: "from") }
        let groupName = query.get("group_by") ?? "model"
        guard let grouping = UsageGrouping(rawValue: groupName) else {
            throw GatewayError.invalidRequest(
                "group_by is \(groupName.prefix(40)); use one of \(UsageGrouping.allCases.map(\.rawValue).joined(separator: ", ")).",
                code: "invalid_group_by", param: "group_by")
        }
        let groups = try await usage.summary(from: from, to: to, groupBy: grouping, keyID: principal.access?.keyID)
        if request.headers[.accept]?.contains("text/csv") == true {
            var csv = "group,requests,errors,input_tokens,output_tokens,images,video_seconds,cost_usd\n"
            for group in groups {
                csv += "\(Self.csvField(group.group)),\(group.requests),\(group.errors),\(group.inputTokens),\(group.outputTokens),\(group.images),"
                    + "\(group.videoSeconds),\(group.costUSD)\n"
            }
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        return JSONResponse.make([
            "object": "list", "group_by": .string(grouping.rawValue), "from": .number(from), "to": .number(to),
            "data": .array(groups.map { group in
                [
                    "group": .string(group.group), "requests": JSONValue(group.requests), "errors": JSONValue(group.errors),
                    "input_tokens": JSONValue(group.inputTokens), "output_tokens": JSONValue(group.outputTokens), "images": JSONValue(group.images),
                    "video_seconds": .number(group.videoSeconds), "cost_usd": .number(group.costUSD),
                ]
            }),
        ])
    }

    /// ISO-8601 or Unix seconds.
    static func time(_ raw: String?, field: String) throws -> Double? {
        guard let raw, !raw.isEmpty else { return nil }
        if let seconds = TimeField.seconds(raw) { return seconds }
        throw GatewayError.invalidRequest("\(field) is \(raw.prefix(40)); give \(TimeField.example).", code: "invalid_time", param: field)
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
