import Tracing

/// The child spans of a request (SPEC §14): one per upstream attempt (a client span whose context the
/// upstream request carries as `traceparent`), one per route decision and one per tool call. With tracing
/// off the tracer is the no-op one and a span costs a few small values.
struct AttemptSpan: Sendable {
    let span: any Span

    static func start(provider: String, model: String, key: String) -> AttemptSpan {
        let span = InstrumentationSystem.tracer.startSpan("attempt \(provider)", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        span.attributes["prism.provider"] = provider
        span.attributes["prism.upstream_model"] = model
        span.attributes["prism.key"] = OutcomeNotes.mask(key)
        return AttemptSpan(span: span)
    }

    /// Runs `work` with this span current, so the upstream request is sent with its `traceparent`.
    func around<Value: Sendable>(_ work: () async throws -> Value) async throws -> Value {
        try await ServiceContext.withValue(span.context) { try await work() }
    }

    /// Ends the attempt with the upstream's status, or the error when none came.
    func end(status: Int?, error: (any Error)?) {
        if let status { span.attributes["http.response.status_code"] = status }
        if let error { span.recordError(error) }
        if status.map({ !(200..<300).contains($0) }) ?? true { span.setStatus(.init(code: .error)) }
        span.end()
    }

    /// The route's decision: which targets, in which order, as an instant span of its own.
    static func decided(route: String, targets: [String]) {
        let span = InstrumentationSystem.tracer.startSpan("route \(route)", context: ServiceContext.current ?? .topLevel)
        span.attributes["prism.route"] = route
        span.attributes["prism.targets"] = targets.joined(separator: ",")
        span.end()
    }

    /// A tool call as a span of its own.
    static func tool<Value: Sendable>(_ name: String, _ work: () async -> Value) async -> Value {
        let span = InstrumentationSystem.tracer.startSpan("tool \(name)", context: ServiceContext.current ?? .topLevel)
        defer { span.end() }
        return await ServiceContext.withValue(span.context) { await work() }
    }
}
