import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Media
import PrismShared
import Storage
import NIOCore
import ServiceLifecycle
import Tools

/// The composition root: builds every shared piece once from the configuration and wires the routes.
/// Imported by nothing; tests call it with their own configuration.
func buildApplication(
    _ config: GatewayConfig,
    logger: Logger = Logger(label: "prism"),
    services extra: [any Service] = [],
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onRoutes: @Sendable ([String]) -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    // Read before the HTTP client exists: a failure here must not leave a client that was never shut down.
    let prices: PriceTable
    do {
        prices = try PriceTable.builtIn().merging(config.prices)
    } catch let error as PriceTableError {
        throw ConfigError(description: error.description)
    }
    let webhookSettings = try WebhookSettings(environment: config.environment)
    let httpClient = makeUpstreamClient(config)
    let providers = Dictionary(uniqueKeysWithValues: config.providers.values.map { profile in
        (profile.name, OpenAICompatibleProvider(profile: profile, httpClient: httpClient) as any ChatProvider)
    })
    let pools = Dictionary(uniqueKeysWithValues: config.loadedProviders.map { profile in
        (profile.name, KeyPool(keys: profile.keys, benchSeconds: config.keyBenchSeconds))
    })
    let meter = UsageMeter()
    let redactor = SecretRedactor(environment: config.environment)
    let breakers = CircuitBreakers(failureLimit: config.circuitFailures, openSeconds: config.circuitOpenSeconds)
    let routeStats = RouteStats()
    let dispatcher = ChatDispatcher(
        providers: providers, pools: pools, maxAttempts: config.maxAttempts, allowBYOK: config.allowBYOK, meter: meter, redactor: redactor,
        timeouts: config.timeouts, breakers: breakers, stats: routeStats, maxTargets: config.routeMaxTargets)
    let planner = RoutePlanner(
        routes: config.routes, providers: Set(config.providers.keys), defaultProvider: config.defaultProvider, breakers: breakers, stats: routeStats,
        prices: prices)
    let modelRouter = ModelRouter(providers: Set(config.providers.keys), defaultProvider: config.defaultProvider, routes: Set(planner.names))

    let storage: OpenedStorage
    let ledger: any UsageLedger
    do {
        storage = try await OpenedStorage.open(config, httpClient: httpClient, logger: logger)
        // Alone on its database (SQLite), the gateway admits budgets from memory; replicas share the database's.
        ledger = storage.postgres == nil ? try await SingleProcessBudgets.load(over: storage.stores.usage) : storage.stores.usage
    } catch {
        // Nothing will run: the client must be shut down before it goes, or its deinit traps.
        try? await httpClient.shutdown()
        throw error
    }
    let stores = storage.stores
    let responses = stores.responses
    let completions = stores.completions

    let managedKeys = ManagedKeys(store: stores.keys)
    let authenticator = Authenticator(config: config, managed: managedKeys)
    let mediaStore = MediaLibrary(index: stores.media, blobs: storage.blobs)
    let publicBase = PublicBase(config: config)
    let links = MediaLinks(
        base: publicBase,
        signer: storage.signer,
        ttlSeconds: config.environment["MEDIA_URL_TTL_SECONDS"].flatMap { Int($0) })
    let media = MediaController(store: mediaStore, links: links, authenticator: authenticator, redirectSeconds: config.mediaRedirectSeconds)
    let jobStore = stores.jobs
    let fetchMaxBytes = config.environment["FETCH_MAX_BYTES"].flatMap { Int($0) } ?? (20 << 20)
    let fetchTimeout = config.environment["FETCH_TIMEOUT_SECONDS"].flatMap { Int($0) } ?? 20
    let fetcher = GuardedFetcher(
        allowPrivate: ["1", "true", "yes"].contains(config.environment["FETCH_ALLOW_PRIVATE"]?.lowercased() ?? ""),
        maxBytes: fetchMaxBytes, timeoutSeconds: fetchTimeout)
    let mediaRegistry = MediaRegistry(
        environment: config.environment, httpClient: httpClient,
        downloader: MediaDownloader(httpClient: httpClient, maxBytes: fetchMaxBytes, timeoutSeconds: max(fetchTimeout, 60)),
        fetcher: fetcher, allowBYOK: config.allowBYOK)
    // Set once the background responses exist; they need the runner, which needs this.
    let backgroundHandle = BackgroundHandle()
    var waiting = WaitingResponses(store: responses, rendering: MediaMarkdown(links: links, videoMarkup: mediaRegistry.videoMarkup))
    waiting.completed = { job, response in await backgroundHandle.value?.jobCompleted(job, response: response) }
    let waitingResponses = waiting
    let replicaID = Identifier.make("replica")
    let webhookEvents = WebhookEvents(outbox: stores.webhooks, operatorURL: webhookSettings.url, links: links, logger: logger)
    let usageWriter = UsageWriter(ledger: ledger, logger: logger)
    let usage = UsageObserver(writer: usageWriter, cost: UsageCost(prices: prices))
    let meters = JobMeters(usage: usage)
    let metrics = GatewayMetrics(models: ModelLabels(
        routes: planner.names, mediaModels: mediaRegistry.listedModels(principal: .admin), providers: Set(config.loadedProviders.map(\.name))))
    let runner = JobRunner(jobs: jobStore, media: mediaStore, timeoutSeconds: mediaRegistry.mediaTimeoutSeconds, redactor: redactor,
        leases: JobLeasePolicy(owner: replicaID, seconds: config.jobLeaseSeconds), logger: logger,
        onFinish: { job, media in
            meters.finished(job, media: media)
            metrics.jobFinished(job)
            await waitingResponses.jobFinished(job, media: media)
        },
        announce: webhookEvents.jobEnded)
    // Webhooks go out on a client of their own (no redirects, the receiver's timeout), off the request path.
    let webhookClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookSender.configuration(timeoutSeconds: webhookSettings.timeoutSeconds))
    let webhookDispatcher = WebhookDispatcher(
        outbox: stores.webhooks,
        sender: WebhookSender(client: webhookClient, signer: storage.webhookSigner, guardRules: fetcher, timeoutSeconds: webhookSettings.timeoutSeconds),
        schedule: webhookSettings.schedule, owner: replicaID, logger: logger, shared: storage.postgres != nil,
        counted: { delivered in (delivered ? metrics.webhookDeliveries.delivered : metrics.webhookDeliveries.failed).increment() })
    let mediaChat = MediaChatHandler(registry: mediaRegistry, runner: runner, links: links, meters: meters)
    let background = BackgroundResponses(log: stores.events, store: responses, runner: runner, webhooks: webhookEvents, usage: usage, logger: logger)
    backgroundHandle.set(background)
    let supervisor = JobSupervisorService(supervisor: JobSupervisor(registry: mediaRegistry, runner: runner, shared: storage.postgres != nil, logger: logger))

    let admin = AdminConsole(
        maintenance: stores.maintenance, responses: responses, completions: completions, runner: mediaChat.runner, links: links, pools: pools,
        toolKeys: ["tavily": KeyList.parse(config.environment["TAVILY_API_KEY"])].filter { !$0.value.isEmpty }, meter: meter,
        routes: planner, keyStore: stores.keys, managedKeys: managedKeys, usage: ledger, webhooks: stores.webhooks)

    let rateWindows = RateWindows()
    let router = Router(context: GatewayRequestContext.self)
    let knownRoutes = KnownRoutes()
    // Outermost, so the decision headers reach error answers too.
    let operating = OperatingSettings(environment: config.environment)
    let health = ProviderHealth()
    let requestLogWriter = RequestLogWriter(log: stores.requestLog, logger: logger)
    let outcomes = OutcomeObservers(
        usage: usage, log: requestLogWriter, metrics: metrics, health: health,
        circuits: CircuitWatch(breakers: breakers), logger: logger, redactor: redactor)
    router.add(middleware: DecisionMiddleware(usage: usage, outcomes: outcomes, logBodiesUpTo: operating.logBodies ? config.maxBodyBytes : nil))
    // Tracing (SPEC §14): a server span per request, only when spans go somewhere.
    if config.environment["OTEL_EXPORTER_OTLP_ENDPOINT"].nonEmpty != nil { router.add(middleware: RequestTracingMiddleware()) }
    router.add(middleware: ErrorMiddleware(redactor: redactor, routes: knownRoutes))
    router.get("/health") { _, _ in JSONResponse.make(["status": "ok"]) }
    ReadinessController(maintenance: stores.maintenance, blobs: storage.blobs, timeoutSeconds: config.environment["READY_TIMEOUT_SECONDS"].flatMap { Int($0) } ?? 5).addRoutes(to: router)
    MetricsController(metrics: metrics, authenticator: authenticator, token: operating.metricsToken, breakers: breakers, pools: pools, jobs: jobStore)
        .addRoutes(to: router)
    DashboardController().addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    media.addFileRoute(to: router)
    let api = router.group().add(middleware: AuthMiddleware(authenticator: authenticator, windows: rateWindows, budgets: BudgetGate(ledger: ledger, planner: planner, alarm: BudgetAlarm(events: webhookEvents))))
    media.addRoutes(to: api)
    JobsController(jobs: jobStore, mediaChat: mediaChat, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    ImagesController(registry: mediaRegistry, runner: mediaChat.runner, links: links, meters: meters, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    VideosController(jobs: jobStore, mediaChat: mediaChat, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    FilesController(media: mediaStore, maxUploadBytes: config.environment["MAX_UPLOAD_BYTES"].flatMap { Int($0) } ?? (50 << 20)).addRoutes(to: api)
    let tools = ToolAccess(registry: ToolRegistry(settings: ToolSettings(environment: config.environment), httpClient: httpClient), allowBYOK: config.allowBYOK)
    ChatController(dispatcher: dispatcher, router: modelRouter, planner: planner, store: completions, tools: tools, media: mediaChat, admin: admin, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    StoredChatController(store: completions).addRoutes(to: api)
    ResponsesController(dispatcher: dispatcher, router: modelRouter, planner: planner, store: responses, tools: tools, media: mediaChat, admin: admin, maxBodyBytes: config.maxBodyBytes, background: background).addRoutes(to: api)
    StoredResponsesController(store: responses, background: background).addRoutes(to: api)
    UsageController(usage: ledger).addRoutes(to: api)
    RequestLogController(log: stores.requestLog).addRoutes(to: api)
    ProvidersController(
        health: health, breakers: breakers, pools: pools, baseURLs: config.providers.mapValues(\.baseURL),
        tools: KeyList.parse(config.environment["TAVILY_API_KEY"]).isEmpty ? [] : ["tavily"]
    ).addRoutes(to: api)
    WebhooksController(outbox: stores.webhooks, signer: storage.webhookSigner, operatorURL: webhookSettings.url).addRoutes(to: api)
    KeysController(keys: stores.keys, usage: ledger, managed: managedKeys, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    MessagesController(dispatcher: dispatcher, router: modelRouter, planner: planner, tools: tools, media: mediaChat, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    ModelsController(
        catalog: ModelCatalog(dispatcher: dispatcher, defaultProvider: config.defaultProvider, cacheSeconds: config.modelsCacheSeconds), media: mediaRegistry,
        routes: planner.names
    ).addRoutes(to: api)
    RoutesController(router: modelRouter, planner: planner, dispatcher: dispatcher, media: mediaRegistry, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    let inProcess = InProcessRouter()
    MCPController(
        toolbox: MCPToolbox(inProcess: inProcess, tools: tools, defaults: MCPDefaults(environment: config.environment), recorder: MCPCallRecorder(logger: logger)),
        authenticator: authenticator, maxBodyBytes: config.maxBodyBytes, logger: logger
    ).addRoutes(to: router)
    knownRoutes.record(router)
    inProcess.bind(router)
    // Every route as "METHOD /path", for the test that holds the OpenAPI document to them.
    onRoutes(router.routes.map { "\($0.method) \($0.path)" })

    return Application(
        router: router,
        server: .http1(additionalChannelHandlers: [HeaderLimitHandler()]),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
        // Stopped in reverse order: the dispatcher before its client, everything before the database.
        services: [StorageService(stores: stores, flushes: [usageWriter.flush, requestLogWriter.flush])]
            + [UpstreamClientService(client: httpClient), UpstreamClientService(client: webhookClient), supervisor, webhookDispatcher,
               BackgroundResponsesService(background: background), RequestLogRetention(log: stores.requestLog, days: operating.requestLogDays, logger: logger)]
            + (storage.postgres == nil ? [] : [RateReconciler(windows: rateWindows, ledger: stores.usage, logger: logger)])
            + extra,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? config.port
            publicBase.bound(port: port)
            let publicURL = config.publicBaseURL.map { " (public URL \($0))" } ?? ""
            logger.info("Prism listening on http://\(config.host):\(port)\(publicURL)")
            // Jobs resume once the server answers, so their links and the waiting responses are reachable.
            supervisor.serverStarted()
            // Text generations a restart cut off end incomplete; with replicas, another may still run them.
            if storage.postgres == nil { await BackgroundRecovery(background: background, logger: logger).run() }
            await onServerRunning(port)
        },
        logger: logger
    )
}

/// The one outbound HTTP client: generous connection pool, connect and read timeouts from the
/// configuration, and no decompression, so bytes pass through as the upstream sent them.
func makeUpstreamClient(_ config: GatewayConfig) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.timeout = .init(
        connect: .seconds(Int64(config.upstreamConnectTimeoutSeconds)), read: .seconds(Int64(max(config.timeouts.firstByteSeconds, config.timeouts.streamIdleSeconds))))
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
    configuration.decompression = .disabled
    // A refused connection must fail this attempt at once so the dispatcher can move to the next key,
    // rather than being retried inside the client until the connect timeout.
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

/// Shuts the outbound client down when the application stops.
struct UpstreamClientService: Service, CustomStringConvertible {
    var description: String { "UpstreamClientService" }
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

/// Runs the job supervisor from the moment the server listens until the application stops.
struct JobSupervisorService: Service, CustomStringConvertible {
    // ServiceLifecycle logs each service by its description: never by reflection, which would print keys.
    var description: String { "JobSupervisorService" }
    let supervisor: JobSupervisor
    private let started = AsyncStream<Void>.makeStream()

    init(supervisor: JobSupervisor) {
        self.supervisor = supervisor
    }

    func serverStarted() {
        started.continuation.yield()
        started.continuation.finish()
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            for await _ in started.stream { break }
            await supervisor.run()
        }
    }
}

