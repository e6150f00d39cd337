import Hummingbird
import NIOCore
import PrismShared

extension GatewayError {
    /// `{"error": {"message", "type", "param", "code"}}` (SPEC §9).
    var json: JSONValue {
        ["error": ["message": .string(message), "type": .string(type), "param": JSONValue(param), "code": .string(code)]]
    }

    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let jobID { headers[.prismJobID] = jobID }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: json.byteBuffer()))
    }

    /// The error as a chat-completions stream frame: `data: {"error": …}`.
    func writeFrame(to buffer: inout ByteBuffer) {
        ServerSentEvent(data: json.serialized()).write(to: &buffer)
    }
}
