import Foundation
import Storage

/// One request's outcome (ARCHITECTURE.md: published once when the request ends): who asked, for what, who
/// answered after which attempts, tokens, cost, timings and status. The request log, the metrics, provider
/// health and the request line are its observers.
struct RequestOutcome: Sendable {
    let requestID: String
    let surface: Surface
    let startedAt: Double
    let endedAt: Double
    let principal: String
    let keyID: String?
    /// The model name the client asked for, when it named one.
    let model: String?
    let route: String?
    let provider: String?
    let upstreamModel: String?
    let status: Int
    let errorCode: String?
    /// The error answer's sentence, for the refusal log line (never stored: the log keeps the code).
    let errorMessage: String?
    let firstByteAt: Double?
    let inputTokens: Int
    let outputTokens: Int
    let costUSD: Double
    let attempts: [RequestAttempt]
    let requestBody: String?
    let responseBody: String?

    var latencyMs: Double { (endedAt - startedAt) * 1000 }
    var ttfbMs: Double? { firstByteAt.map { ($0 - startedAt) * 1000 } }

    /// The request as a request log row.
    var logEntry: RequestLogEntry {
        RequestLogEntry(
            id: requestID, time: startedAt, surface: surface.rawValue, keyID: keyID, principal: principal, model: model, route: route, provider: provider,
            upstreamModel: upstreamModel, status: status, errorCode: errorCode, latencyMs: latencyMs, ttfbMs: ttfbMs, inputTokens: inputTokens,
            outputTokens: outputTokens, costUSD: costUSD, attempts: attempts, requestBody: requestBody,
            responseBody: responseBody)
    }
}

/// Which wire surface a request came in on: a bounded label for metrics and the log.
enum Surface: String, Sendable, CaseIterable {
    case chat, responses, messages, images, jobs, media, usage, admin, mcp, other

    init(path: String) {
        let known: [(String, Surface)] = [
            ("/v1/chat/", .chat), ("/v1/responses", .responses), ("/v1/messages", .messages), ("/v1/images", .images), ("/v1/jobs", .jobs),
            ("/v1/media", .media), ("/v1/usage", .usage), ("/v1/admin", .admin), ("/mcp", .mcp),
        ]
        self = known.first { path.hasPrefix($0.0) }?.1 ?? .other
    }
}
