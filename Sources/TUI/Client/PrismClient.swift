import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrismShared

/// The gateway over HTTP: the lists, a conversation's chain, streamed answers, admin commands. Every
/// failure becomes a `ClientError` whose message says what to do.
struct PrismClient: Sendable {
    let baseURL: String
    let key: String?
    let http: HTTPClient

    func conversations() async throws(ClientError) -> [ConversationSummary] {
        let list = try await json(.GET, "/v1/conversations?limit=100")
        return (list["data"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue, let leaf = item["leaf_id"]?.stringValue else { return nil }
            return ConversationSummary(
                id: id, rootID: item["root_id"]?.stringValue ?? id, leafID: leaf, turns: item["turns"]?.intValue ?? 0,
                title: item["title"]?.stringValue ?? "", model: item["model"]?.stringValue ?? "", updatedAt: item["updated_at"]?.intValue ?? 0)
        }
    }

    /// The turns from the root to `leafID`, walking `previous_response_id` back.
    func chain(endingAt leafID: String) async throws(ClientError) -> [Turn] {
        var turns: [Turn] = []
        var next: String? = leafID
        while let id = next, turns.count < 1000 {
            // The response and its input items are asked for together: a long chain costs one round trip a turn.
            async let fetchedItems = Result.awaiting { () throws(ClientError) in try await json(.GET, "/v1/responses/\(id)/input_items?limit=100&order=asc") }
            let response = try await json(.GET, "/v1/responses/\(id)")
            let items = try await fetchedItems.get()["data"]?.arrayValue ?? []
            let user = items.last { $0["role"] == "user" }.map(Self.text) ?? ""
            let output = response["output"]?.arrayValue ?? []
            let answer = output.filter { $0["type"] == "message" }.map(Self.text).joined(separator: "\n")
            let progress = output.filter { $0["type"] == "reasoning" }
                .flatMap { $0["summary"]?.arrayValue ?? [] }.compactMap { $0["text"]?.stringValue }.joined()
            var turn = Turn(id: id, model: response["model"]?.stringValue ?? "", user: user, assistant: answer, progress: progress)
            if response["status"] == "failed" { turn.failure = response["error"]?["message"]?.stringValue ?? "failed" }
            turns.append(turn)
            next = response["previous_response_id"]?.stringValue
        }
        return turns.reversed()
    }

    func models() async throws(ClientError) -> [String] {
        (try await json(.GET, "/v1/models")["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    func media() async throws(ClientError) -> [MediaItem] {
        (try await json(.GET, "/v1/media?limit=100")["data"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue, let url = item["url"]?.stringValue else { return nil }
            return MediaItem(
                id: id, kind: item["kind"]?.stringValue ?? "image", mimeType: item["mime_type"]?.stringValue ?? "", bytes: item["bytes"]?.intValue ?? 0,
                prompt: item["prompt"]?.stringValue ?? "", createdAt: item["created_at"]?.intValue ?? 0, url: url, jobID: item["job_id"]?.stringValue)
        }
    }

    func delete(_ path: String) async throws(ClientError) {
        _ = try await json(.DELETE, path)
    }

    /// The answer of an `admin/magic` command, as markdown.
    func admin(_ command: String) async throws(ClientError) -> String {
        let body: JSONValue = ["model": "admin/magic", "messages": [["role": "user", "content": .string(command)]]]
        let answer = try await json(.POST, "/v1/chat/completions", body: body)
        return answer["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
    }

    /// A file's bytes (a media link is signed; the key goes along anyway for unsigned ones).
    func bytes(at url: String, limit: Int = 64 << 20) async throws(ClientError) -> [UInt8] {
        let absolute = url.hasPrefix("http") ? url : baseURL + url
        let (_, body) = try await send(.GET, absolute, body: nil, limit: limit)
        return Array(body.readableBytesView)
    }

    /// The job `id` as it changes (SPEC §15's job stream: `job.progress`, then its end), until it ends.
    func followJob(_ id: String) -> AsyncThrowingStream<JobSnapshot, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await open(.GET, baseURL + "/v1/jobs/\(id)?stream=true", body: nil)
                    var parser = ServerSentEventParser()
                    for try await chunk in response.body {
                        for event in parser.feed(chunk) {
                            if let json = try? JSONValue.parse(Array(event.data.utf8)), let job = JobSnapshot(json: json) { continuation.yield(job) }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Streams a new turn; events arrive until `finished` or `failed`. Cancelling the task that reads
    /// the stream closes the connection, and the gateway stops the upstream.
    func stream(input: String, previousID: String?, model: String) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do throws(ClientError) {
                    var body: JSONValue = ["model": .string(model), "input": .string(input), "stream": true]
                    if let previousID { body["previous_response_id"] = .string(previousID) }
                    let response = try await open(.POST, baseURL + "/v1/responses", body: body)
                    var parser = ServerSentEventParser()
                    do {
                        for try await chunk in response.body {
                            for event in parser.feed(chunk) { if let decoded = ResponseStreamDecoder.decode(event) { continuation.yield(decoded) } }
                        }
                    } catch {
                        if Task.isCancelled { return continuation.finish() }
                        throw ClientError("The connection to the gateway dropped while the answer arrived; what came is kept.")
                    }
                    continuation.finish()
                } catch {
                    continuation.yield(.failed(error.message))
                    continuation.finish()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: - HTTP

    /// Sends a request and parses its JSON answer; a failure status becomes a `ClientError` with the
    /// gateway's message.
    func json(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(ClientError) -> JSONValue {
        let (_, bytes) = try await send(method, baseURL + path, body: body, limit: 16 << 20)
        guard let json = try? JSONValue.parse(bytes.readableBytesView) else {
            throw ClientError("The gateway at \(baseURL) answered something that is not JSON: is --url right?")
        }
        return json
    }

    private func send(_ method: HTTPMethod, _ url: String, body: JSONValue?, limit: Int) async throws(ClientError) -> (HTTPClientResponse, ByteBuffer) {
        let response = try await open(method, url, body: body)
        do {
            return (response, try await response.body.collect(upTo: limit))
        } catch {
            throw ClientError("The gateway's answer was cut off or larger than \(limit >> 20) MB.")
        }
    }

    /// Sends a request and checks its status; the body is left to read.
    private func open(_ method: HTTPMethod, _ url: String, body: JSONValue?) async throws(ClientError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(body.byteBuffer())
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(3600))
        } catch {
            throw ClientError("Cannot reach the gateway at \(baseURL): is `prism serve` running? (--url or PRISM_URL sets the address)")
        }
        guard (200..<300).contains(response.status.code) else {
            let text = (try? await response.body.collect(upTo: 1 << 20)).flatMap { try? JSONValue.parse($0.readableBytesView) }
            let message = text?["error"]?["message"]?.stringValue ?? "HTTP \(response.status.code)"
            switch response.status.code {
            case 401: throw ClientError("The gateway refused the key (401): set PRISM_API_KEY or --key. \(message)")
            case 403: throw ClientError("Not allowed (403): \(message)")
            default: throw ClientError(message)
            }
        }
        return response
    }

    /// The text of a message item or input item: its string content or its text parts.
    private static func text(_ item: JSONValue) -> String {
        if let text = item["content"]?.stringValue { return text }
        return (item["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }
}
