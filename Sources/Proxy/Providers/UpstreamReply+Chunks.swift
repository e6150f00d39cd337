import AsyncHTTPClient
import NIOCore
import PrismShared

extension UpstreamReply {
    /// Calls `consume` with each step of the answer as it arrives — from the SSE stream, or from the one
    /// JSON completion an upstream answered instead — and `keepAlive` while the upstream is silent.
    /// An event that is not a JSON object, an error object, and a stream that ends without `[DONE]` or a
    /// finish reason all throw `UpstreamStreamError`, so no surface mistakes a broken answer for a whole one.
    func forEachChunk(_ consume: (ChatChunk) async throws -> Void, keepAlive: () async throws -> Void = {}) async throws {
        func counted(_ chunk: ChatChunk) async throws {
            if let usage = chunk.usage { meter?.tokens(provider, input: usage.input, output: usage.output) }
            try await consume(chunk)
        }
        if let whole = try await wholeJSON() {
            if let error = whole["error"], !error.isNull { throw UpstreamStreamError.reported(provider, redactor.redact(Self.errorText(error))) }
            try await counted(ChatChunk(chunk: whole, deltaKey: "message"))
            return
        }
        /// What `consume` or `keepAlive` threw (a client that went away): passed on as it is, not taken for
        /// a broken upstream.
        struct ConsumerFailed: Error { let error: any Error }
        func passOn(_ step: () async throws -> Void) async throws {
            do { try await step() } catch { throw ConsumerFailed(error: error) }
        }
        var chunks = 0
        var finished = false
        do {
            events: for try await item in events() {
                guard case .events(let batch, let terminated) = item else {
                    try await passOn(keepAlive)
                    continue
                }
                for event in batch {
                    if event.data == "[DONE]" {
                        finished = true
                        break events
                    }
                    guard let json = try? JSONValue.parse(event.data), json.objectValue != nil else {
                        throw terminated ? UpstreamStreamError.notJSON(provider, after: chunks) : .closed(provider, after: chunks)
                    }
                    if let error = json["error"], !error.isNull { throw UpstreamStreamError.reported(provider, redactor.redact(Self.errorText(error))) }
                    let chunk = ChatChunk(chunk: json)
                    chunks += 1
                    if chunk.finishReason != nil { finished = true }
                    if !chunk.isEmpty { try await passOn { try await counted(chunk) } }
                }
            }
        } catch let error as UpstreamStreamError {
            throw error
        } catch let failed as ConsumerFailed {
            throw failed.error
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled { throw CancellationError() }
            throw UpstreamStreamError.closed(provider, after: chunks)
        }
        if !finished { throw UpstreamStreamError.closed(provider, after: chunks) }
    }

    /// The answer as one JSON value, when it is one: read whole by the dispatcher, or an upstream that
    /// answered a streaming request with a single completion.
    private func wholeJSON() async throws -> JSONValue? {
        if let whole { return try JSONValue.parse(whole.readableBytesView) }
        guard contentType?.contains("application/json") == true else { return nil }
        let bytes: ByteBuffer
        do {
            bytes = try await body.collect(upTo: timeouts.maxResponseBytes)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw UpstreamStreamError.closed(provider, after: 0)
        }
        guard let json = try? JSONValue.parse(bytes.readableBytesView), json.objectValue != nil else { throw UpstreamStreamError.notJSON(provider, after: 0) }
        return json
    }

    /// The text of an upstream's `error` value: its message when it has one, else the value itself.
    static func errorText(_ error: JSONValue) -> String {
        error["message"]?.stringValue ?? error.stringValue ?? error.serialized()
    }
}
