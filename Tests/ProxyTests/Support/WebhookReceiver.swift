import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Synchronization

/// What a webhook receiver does with each request to one of its paths, in turn; the last answer repeats.
enum ReceiverAnswer: Sendable {
    case status(HTTPResponse.Status)
    /// Answers 200 only once `gate` opens (or its bound passes): a receiver that hangs.
    case hang(Gate)
}

/// A real webhook receiver (and a Volcengine Ark image upstream for the jobs that cause the events) on one
/// loopback server: `/hooks/<name>` answers by the script set for `<name>`, everything else is Ark.
final class WebhookWorld: Sendable {
    private let scripts = Mutex<[String: [ReceiverAnswer]]>([:])

    /// Sets what `/hooks/<name>` answers, request after request.
    func script(_ name: String, _ answers: [ReceiverAnswer]) {
        scripts.withLock { $0[name] = answers }
    }

    func reply(_ request: RecordedRequest) async -> Response {
        if request.path.hasPrefix("/hooks/") {
            let name = String(request.path.dropFirst("/hooks/".count))
            let answer = scripts.withLock { scripts -> ReceiverAnswer in
                guard var answers = scripts[name], let first = answers.first else { return .status(.ok) }
                if answers.count > 1 { answers.removeFirst() }
                scripts[name] = answers
                return first
            }
            switch answer {
            case .status(let status): return Response(status: status)
            case .hang(let gate):
                await gate.wait()
                return Response(status: .ok)
            }
        }
        if request.path == "/files/result.png" {
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        }
        let host = request.authority ?? "127.0.0.1"
        return OpenAIWire.json(["model": request.body?["model"] ?? "", "created": 1, "data": [["url": .string("http://\(host)/files/result.png")]]])
    }

    /// Runs the server; `base` is `http://127.0.0.1:<port>/v1` (Ark's base URL), hooks are at `hooks(base)`.
    static func run<Value: Sendable>(_ body: @Sendable (WebhookWorld, String, UpstreamRecorder) async throws -> Value) async throws -> Value {
        let world = WebhookWorld()
        return try await FakeUpstream.run(reply: { request, _ in await world.reply(request) }) { base, recorder in
            try await body(world, base, recorder)
        }
    }

    /// The receiver URL `name` of the server at `base`.
    static func hook(_ base: String, _ name: String) -> String {
        base.replacingOccurrences(of: "/v1", with: "") + "/hooks/\(name)"
    }
}

/// The Standard Webhooks check, written from the specification: the signature of "<id>.<timestamp>.<body>"
/// with the base64 key after `whsec_`.
func standardWebhookSignatureIsValid(_ request: RecordedRequest, secret: String) -> Bool {
    guard let id = request.headers[HTTPField.Name("webhook-id")!], let timestamp = request.headers[HTTPField.Name("webhook-timestamp")!],
          let signature = request.headers[HTTPField.Name("webhook-signature")!], let key = Data(base64Encoded: String(secret.dropFirst(6)))
    else { return false }
    let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).\(request.text)".utf8), using: SymmetricKey(data: key))
    return signature.split(separator: " ").contains { $0 == "v1," + Data(mac).base64EncodedString() }
}
