// LoomApplication: the composition root: store, queue, scheduler, HTTP server, routes, health, shutdown.

public import LoomCore
import LoomHTTP
import LoomHTTPClient
import LoomMetrics
import LoomPlatforms
public import LoomQueue
public import LoomReactor
import LoomReview
import LoomStore
public import Logging

/// One running Loom process: event loops, the HTTP server and what it serves, the store, the
/// queue and (unless `--no-workers`) the workers.
public final class LoomApplication: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let clock: any Clock
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let health: HealthMonitor
    private let store: any Store
    private let closeStore: @Sendable () async -> Void
    private let queue: any JobQueue
    private let scheduler: Scheduler?
    private let http: CurlHTTPClient

    /// Opens the store (applying migrations) and builds everything from `settings`; nothing
    /// listens until `start()`.
    public static func make(settings: Settings, logger: Logger, clock: any Clock = SystemClock(),
                            workersEnabled: Bool = true, jobHandler: (any JobHandler)? = nil) async throws -> LoomApplication {
        let storage = try EmbeddedStorage(settings: settings)
        let store = try await SQLiteStore.open(path: storage.databasePath, clock: clock)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw StartupError("database migration failed for \(storage.databasePath): \(error)")
        }
        return try LoomApplication(settings: settings, logger: logger, clock: clock, store: store,
                                   closeStore: { await store.close() }, workersEnabled: workersEnabled,
                                   jobHandler: jobHandler)
    }

    private init(settings: Settings, logger: Logger, clock: any Clock, store: any Store,
                 closeStore: @escaping @Sendable () async -> Void, workersEnabled: Bool, jobHandler: (any JobHandler)?) throws {
        self.settings = settings
        self.logger = logger
        self.clock = clock
        self.store = store
        self.closeStore = closeStore
        let registry = LoomMetricsSystem.bootstrap()
        let queue = LocalJobQueue(store: store, clock: clock)
        self.queue = queue
        group = try EventLoopGroup(loopCount: settings.eventLoops)
        // Outbound HTTP (platform APIs, models) runs on the last loop, beside request handling.
        http = CurlHTTPClient(loop: group.loops[group.loops.count - 1])
        let reviews = ReviewRunner(environment: ReviewWiring.environment(settings, http: http, clock: clock, logger: logger),
                                   store: store)
        scheduler = workersEnabled
            ? Scheduler(store: store, queue: queue, handler: jobHandler ?? reviews, clock: clock,
                        configuration: SchedulerConfiguration(workers: settings.workers, leaseDuration: settings.jobLease),
                        logger: logger)
            : nil
        health = HealthMonitor(probes: [
            HealthProbe(name: "database") { try await store.ping() },
            HealthProbe(name: "queue") { _ = try await queue.depth() },
        ], clock: clock, logger: logger)

        var router = Router()
        let healthEndpoint = HealthEndpoint(monitor: health, clock: clock)
        let metricsEndpoint = MetricsEndpoint(exposition: MetricsExposition(registry: registry))
        router.get("/health", healthEndpoint.respond)
        router.get("/metrics", metricsEndpoint.respond)
        let webhooks = WebhookEndpoint(
            processor: WebhookProcessor(secrets: settings.webhookSecrets), store: store, queue: queue,
            limiter: settings.rateLimitEnabled
                ? RateLimiter(perKeyLimit: settings.rateLimitPerHour, globalLimit: settings.rateLimitGlobal, clock: clock) : nil,
            policy: .init(allowlist: settings.repoAllowlist.map { $0.map(Glob.init) }, reviewDrafts: settings.reviewDrafts),
            clock: clock, logger: logger)
        router.on(.post, "/webhooks/{platform}", webhooks.respond)
        AdminAPI(token: settings.adminToken, store: store, scheduler: scheduler, logger: logger).register(on: &router)
        server = HTTPServer(configuration: Self.serverConfiguration(settings), group: group, router: router, logger: logger)
    }

    /// Open client connections, for tests and logs.
    public var connectionCount: Int { server.connectionCount }

    /// The loops, for callers that need to run work on one (signal watching).
    public var eventLoops: [EventLoop] { group.loops }

    /// Starts the loops, the queue and workers, the health prober and the listeners; returns the
    /// bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        try group.start()
        do {
            if let scheduler { try await scheduler.start() } else { try await queue.start() }
            await health.start()
            return try await server.start()
        } catch {
            await stopBackground()
            throw error
        }
    }

    /// Graceful stop: no new connections, in-flight requests finish, running jobs get the grace
    /// period (unfinished ones go back to the queue), then the store closes and the loops end.
    public func shutdown() async {
        await server.shutdown(grace: settings.shutdownGrace)
        await stopBackground()
    }

    private func stopBackground() async {
        if let scheduler { await scheduler.drain(grace: settings.shutdownGrace) }
        await queue.close()
        await http.shutdown()
        health.stop()
        await closeStore()
        group.shutdown()
    }

    static func serverConfiguration(_ settings: Settings) -> HTTPServerConfiguration {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = settings.maxBodyBytes
        let connection = HTTPConnectionStateMachine.Configuration(
            limits: limits, headerTimeout: settings.headerTimeout, bodyTimeout: settings.bodyTimeout,
            idleTimeout: settings.idleTimeout)
        return HTTPServerConfiguration(host: settings.host, port: settings.port, connection: connection,
                                       trustedProxies: settings.trustedProxies)
    }
}

extension Settings {
    /// The webhook secrets of every platform.
    var webhookSecrets: WebhookSecrets {
        WebhookSecrets(github: github.webhookSecret, gitlab: gitlab.webhookSecret, bitbucket: bitbucket.webhookSecret,
                       bitbucketHookUUIDs: bitbucket.webhookUUIDs, gitea: gitea.webhookSecret,
                       azureDevOps: azureDevOps.webhookSecret)
    }
}
