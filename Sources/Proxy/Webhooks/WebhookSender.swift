import AsyncHTTPClient
import Foundation
import Media
import NIOCore
import Storage

/// Makes one attempt of one delivery: a signed POST of the event's body, answered with a 2xx within the
/// timeout or not. A client's own `webhook_url` is checked by the guarded fetcher's rules when it is called
/// and the connection goes to the address that was checked; the operator's `WEBHOOK_URL` is not guarded.
/// Redirects are not followed: a 3xx is a failed attempt.
struct WebhookSender: Sendable {
    /// The client for unguarded receivers (and guarded ones when private addresses are allowed).
    let client: HTTPClient
    let signer: WebhookSigner
    let guardRules: GuardedFetcher
    let timeoutSeconds: Double

    /// What became of one attempt.
    struct Outcome: Sendable {
        let attempt: WebhookAttempt
        /// The receiver answered 2xx.
        var delivered: Bool { attempt.status.map { (200..<300).contains($0) } ?? false }
        /// The receiver answered 410 Gone: never again.
        var gone: Bool { attempt.status == 410 }
    }

    func send(_ delivery: WebhookDelivery) async -> Outcome {
        let started = Date()
        func outcome(_ status: Int?, _ error: String?) -> Outcome {
            Outcome(attempt: WebhookAttempt(
                at: started.timeIntervalSince1970, status: status, durationMS: Int(Date().timeIntervalSince(started) * 1000), error: error))
        }
        var pinned: (host: String, address: AddressPolicy.Resolved)?
        if delivery.guarded {
            do {
                pinned = try await guardRules.check(delivery.url)
            } catch {
                switch error {
                case .refused(let reason), .failed(let reason): return outcome(nil, "the URL was not called: \(reason)")
                }
            }
        }
        let timestamp = Int(started.timeIntervalSince1970)
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Prism-Webhooks/1")
        request.headers.add(name: "webhook-id", value: delivery.eventID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(name: "webhook-signature", value: signer.signature(id: delivery.eventID, timestamp: timestamp, body: delivery.body))
        request.body = .bytes(ByteBuffer(string: delivery.body))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeoutSeconds * 1000))
        guard let pinned else { return await execute(request, on: client, deadline: deadline, outcome: outcome) }
        // Connect to the address that was checked, so a second DNS answer cannot send the body elsewhere.
        var configuration = Self.configuration(timeoutSeconds: timeoutSeconds)
        configuration.dnsOverride = [pinned.host: pinned.address.description]
        let oneOff = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result = await execute(request, on: oneOff, deadline: deadline, outcome: outcome)
        try? await oneOff.shutdown()
        return result
    }

    private func execute(
        _ request: HTTPClientRequest, on client: HTTPClient, deadline: NIODeadline, outcome: (Int?, String?) -> Outcome
    ) async -> Outcome {
        do {
            let response = try await client.execute(request, deadline: deadline)
            let status = Int(response.status.code)
            // A little of the body is read so the connection can be reused; what it says does not matter.
            _ = try? await response.body.collect(upTo: 64 << 10)
            return outcome(status, (200..<300).contains(status) ? nil : "the receiver answered \(status)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return outcome(nil, "the receiver did not answer within \(Self.seconds(timeoutSeconds))")
        } catch {
            return outcome(nil, "the receiver could not be reached: \(String(describing: error).prefix(120))")
        }
    }

    /// A client that follows no redirect and gives up on a silent receiver after `timeoutSeconds`.
    static func configuration(timeoutSeconds: Double) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        let timeout = TimeAmount.milliseconds(Int64(timeoutSeconds * 1000))
        configuration.timeout = .init(connect: timeout, read: timeout)
        configuration.decompression = .disabled
        return configuration
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
