import Foundation
import Synchronization

/// Runs the client: one loop on one thread draws the frame, reads a key (waiting at most 50 ms), takes
/// the events the network brought, and feeds them all to `update`; the effects it returns run as tasks
/// that post their results back.
final class Runtime {
    private let client: PrismClient
    /// Inline previews are cached at most this many pixels a side: enough for an 8-row preview on the
    /// widest terminal, and 256 KB each.
    static let thumbnailSide = 256
    private let inbox = Inbox()
    private var streamTask: Task<Void, Never>?

    init(client: PrismClient) {
        self.client = client
    }

    func run() {
        let terminal = Terminal()
        defer { terminal.restore() }
        var state = AppState(gatewayURL: client.baseURL)
        state.trueColor = terminal.directColor
        state.now = Int(Date().timeIntervalSince1970)
        perform(Update.start(&state))
        var drawn: Frame?
        // A frame is built only when something happened: an idle client does no drawing work.
        var changed = true
        while !state.quitting {
            let (width, height) = terminal.size
            if (width, height) != (state.width, state.height) {
                perform(Update.update(&state, .resized(width: width, height: height)))
                changed = true
            }
            if changed || terminal.repaintAll {
                let frame = View.render(state, width: width, height: height)
                if frame != drawn || terminal.repaintAll {
                    terminal.draw(frame)
                    drawn = frame
                }
            }
            var events: [AppEvent] = []
            if let key = terminal.readKey() { events.append(.key(key)) }
            events += inbox.drain()
            let now = Int(Date().timeIntervalSince1970)
            if now != state.now { events.append(.tick(now: now)) }
            changed = !events.isEmpty
            for event in events {
                perform(Update.update(&state, event))
                if state.quitting { break }
            }
        }
        streamTask?.cancel()
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        let client = self.client
        let inbox = self.inbox
        func later(_ work: @escaping @Sendable () async -> AppEvent) {
            Task { inbox.post(await work()) }
        }
        // The gallery's preview and the conversation's inline images fetch and decode alike.
        @Sendable func image(at url: String) async throws(ClientError) -> RGBAImage {
            try ImageDecoder.decode(try await client.bytes(at: url))
        }
        switch effect {
        case .loadConversations:
            later { .conversationsLoaded(await .awaiting { () throws(ClientError) in try await client.conversations() }) }
        case .loadConversation(let leafID):
            later { .conversationLoaded(leafID: leafID, await .awaiting { () throws(ClientError) in try await client.chain(endingAt: leafID) }) }
        case .loadModels:
            later { .modelsLoaded(await .awaiting { () throws(ClientError) in try await client.models() }) }
        case .loadMedia:
            later { .mediaLoaded(await .awaiting { () throws(ClientError) in try await client.media() }) }
        case .loadPreview(let item):
            later {
                .previewLoaded(mediaID: item.id, await .awaiting { () throws(ClientError) in try await image(at: item.url) })
            }
        case .loadInlineImage(let id, let url):
            later {
                .inlineImageLoaded(mediaID: id, await .awaiting { () throws(ClientError) in
                    HalfBlock.thumbnail(try await image(at: url), fitting: Runtime.thumbnailSide)
                })
            }
        case .open(let url):
            URLOpener.open(url.hasPrefix("http") ? url : client.baseURL + url) { inbox.post(.openFailed($0)) }
        case .admin(let command):
            later { .adminAnswered(await .awaiting { () throws(ClientError) in try await client.admin(command) }) }
        case .loadKeys:
            later { .keysLoaded(await .awaiting { () throws(ClientError) in try await client.managedKeys() }) }
        case .createKey(let key):
            later { .keyCreated(await .awaiting { () throws(ClientError) in try await client.createKey(key) }) }
        case .revokeKey(let id, let name):
            later {
                .deleted(await .awaiting { () throws(ClientError) in
                    try await client.delete("/v1/admin/keys/\(id)")
                    return "Revoked “\(name)” (\(id)): requests with it are refused from now on."
                })
            }
        case .loadUsage(let grouping, let period, let from, let to):
            later {
                .usageLoaded(grouping: grouping, period: period, await .awaiting { () throws(ClientError) in
                    try await client.usage(grouping: grouping, from: from, to: to)
                })
            }
        case .loadProviders(let generation):
            later { .providersLoaded(generation: generation, await .awaiting { () throws(ClientError) in try await client.providers() }) }
        case .refreshProvidersLater(let generation):
            later {
                try? await Task.sleep(for: .seconds(ProvidersRefresh.seconds))
                return .providersRefreshDue(generation: generation)
            }
        case .loadRequests:
            later { .requestsLoaded(await .awaiting { () throws(ClientError) in try await client.requests(limit: 50) }) }
        case .loadRequest(let id):
            later { .requestLoaded(id: id, await .awaiting { () throws(ClientError) in try await client.request(id: id) }) }
        case .deleteMedia(let id):
            later {
                .deleted(await .awaiting { () throws(ClientError) in
                    try await client.delete("/v1/media/\(id)")
                    return "Deleted."
                })
            }
        case .deleteConversation(let leafID, let wholeChain):
            later {
                .deleted(await .awaiting { () throws(ClientError) in
                    let ids = wholeChain ? try await client.chain(endingAt: leafID).compactMap(\.id) : [leafID]
                    for id in ids.reversed() { try await client.delete("/v1/responses/\(id)") }
                    return wholeChain ? "Deleted the conversation (\(ids.count) turns)." : "Deleted its last turn; earlier turns are shared with other branches."
                })
            }
        case .send(let input, let previousID, let model):
            streamTask?.cancel()
            let events = client.stream(input: input, previousID: previousID, model: model)
            streamTask = Task {
                do {
                    for try await event in events { inbox.post(.stream(event)) }
                } catch {
                    inbox.post(.stream(.failed("The answer stopped: \(error)")))
                }
            }
        case .followJob(let id):
            let updates = client.followJob(id)
            Task {
                do {
                    for try await job in updates { inbox.post(.jobChanged(job)) }
                } catch {
                    inbox.post(.jobFollowFailed(id: id, (error as? ClientError) ?? ClientError("Following the job \(id) stopped: \(error)")))
                }
            }
        case .stopStream:
            streamTask?.cancel()
            streamTask = nil
            inbox.post(.stream(.stopped))
        case .quit:
            streamTask?.cancel()
        }
    }
}

/// Events posted by tasks, taken by the loop.
final class Inbox: Sendable {
    private let events = Mutex<[AppEvent]>([])

    func post(_ event: AppEvent) { events.withLock { $0.append(event) } }
    func drain() -> [AppEvent] { events.withLock { events in defer { events = [] }; return events } }
}
