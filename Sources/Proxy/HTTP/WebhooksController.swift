import Foundation
import Hummingbird
import PrismShared
import Storage

/// `/v1/admin/webhooks` (SPEC §15), for the admin only: the signing secret and endpoint, the deliveries
/// (`?status=&event_type=`, paged like every list) and `POST …/deliveries/{id}/retry`, which makes one due now.
struct WebhooksController: Sendable {
    /// The deliveries.
    let outbox: any WebhookOutbox
    /// Its secret is shown to the admin.
    let signer: WebhookSigner
    /// `WEBHOOK_URL`.
    let operatorURL: String?

    /// Registers `/v1/admin/webhooks` and its sub-routes.
    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/v1/admin/webhooks", use: settings)
        router.get("/v1/admin/webhooks/deliveries", use: deliveries)
        router.post("/v1/admin/webhooks/deliveries/{id}/retry", use: retry)
    }

    /// `GET /v1/admin/webhooks`: `{secret, url, events}`.
    @Sendable func settings(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        return JSONResponse.make([
            "object": "webhook.settings", "secret": .string(signer.secret), "url": JSONValue(operatorURL),
            "events": .array(WebhookEvents.types.map { .string($0) }),
        ])
    }

    /// `GET /v1/admin/webhooks/deliveries?status=&event_type=`.
    @Sendable func deliveries(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let query = try ListQuery(request)
        var status: WebhookDelivery.Status?
        if let raw = ListQuery.filter(request, "status") {
            guard let known = WebhookDelivery.Status(rawValue: raw) else {
                let allowed = WebhookDelivery.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw GatewayError.invalidRequest("status is \(raw.prefix(40)); use one of \(allowed).", code: "invalid_value", param: "status")
            }
            status = known
        }
        let page = try await outbox.deliveries(status: status, eventType: ListQuery.filter(request, "event_type"), limit: query.limit, after: query.after)
        return JSONResponse.list(page.items.map(Self.json), hasMore: page.hasMore)
    }

    /// `POST /v1/admin/webhooks/deliveries/{id}/retry`: due now.
    @Sendable func retry(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try Self.requireAdmin(context)
        let id = try pathID(context)
        guard let delivery = try await outbox.retry(id, now: Date().timeIntervalSince1970) else {
            throw GatewayError.notFound("There is no webhook delivery \(id); list them with GET /v1/admin/webhooks/deliveries.", code: "delivery_not_found")
        }
        return JSONResponse.make(Self.json(delivery))
    }

    /// A delivery as the list shows it: `{id, object, event_id, event_type, url, status, next_attempt_at, attempts, created_at}`.
    static func json(_ delivery: WebhookDelivery) -> JSONValue {
        [
            "id": .string(delivery.id), "object": "webhook.delivery", "event_id": .string(delivery.eventID), "event_type": .string(delivery.eventType),
            "url": .string(delivery.url), "status": .string(delivery.status.rawValue),
            "next_attempt_at": delivery.nextAttemptAt.map { JSONValue(Int($0.rounded(.up))) } ?? .null,
            "attempts": .array(delivery.attempts.map(\.json)), "created_at": JSONValue(Int(delivery.createdAt)),
        ]
    }

    private static func requireAdmin(_ context: GatewayRequestContext) throws {
        guard context.principal.isAdmin else { throw GatewayError.adminOnly("Webhook settings and deliveries") }
    }
}
