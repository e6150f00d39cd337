import Foundation
import Storage

/// `webhooks` of `admin/magic` (SPEC §15): the newest deliveries and the ones that are failing, with each
/// one's last error, from the same outbox as `/v1/admin/webhooks/deliveries`.
extension AdminConsole {
    /// The `webhooks` answer: recent deliveries, those being retried, and those that failed for good.
    func webhookReport() async throws -> String {
        let recent = try await webhooks.deliveries(status: nil, eventType: nil, limit: 10, after: nil).items
        guard !recent.isEmpty else {
            return "No webhook deliveries yet. Set WEBHOOK_URL, or send webhook_url with a job, to receive events."
        }
        let failed = try await webhooks.deliveries(status: .failed, eventType: nil, limit: 10, after: nil).items
        let retrying = try await webhooks.deliveries(status: .pending, eventType: nil, limit: 50, after: nil).items.filter { !$0.attempts.isEmpty }
        var text = "**Recent webhook deliveries**\n\n" + Self.deliveryTable(recent)
        if !retrying.isEmpty { text += "\n\n**Retrying**\n\n" + Self.deliveryTable(Array(retrying.prefix(10))) }
        if !failed.isEmpty { text += "\n\n**Failed** (the schedule ran out; `POST /v1/admin/webhooks/deliveries/<id>/retry` sends one again)\n\n" + Self.deliveryTable(failed) }
        return text
    }

    private static func deliveryTable(_ deliveries: [WebhookDelivery]) -> String {
        var rows = ["| delivery | event | url | status | attempts | last error |", "|---|---|---|---|---|---|"]
        for delivery in deliveries {
            let error = delivery.attempts.last?.error ?? ""
            let next = delivery.status == .pending ? delivery.nextAttemptAt.map { ", next at \(Self.clock($0))" } ?? "" : ""
            rows.append("| `\(delivery.id)` | \(delivery.eventType) | \(delivery.url) | \(delivery.status.rawValue)\(next) | \(delivery.attempts.count) | \(error) |")
        }
        return rows.joined(separator: "\n")
    }

    private static func clock(_ time: Double) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss 'UTC'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: time))
    }
}
