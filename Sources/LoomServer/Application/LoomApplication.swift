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

/// What a process's HTTP server offers.
public enum HTTPSurface: Sendable {
    /// Webhooks, `/api/*`, `/health`, `/metrics` (`loom serve`).
    case full
    /// `/health` and `/metrics` only (`loom worker --port`).
    case monitoringOnly
    /// No listener at all (`loom worker`).
    case none
}

/// One running Loom process: event loops, the HTTP server and what it serves, the store, the
/// queue and (unless `--no-workers`) the workers.
public final class LoomApplication: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let clock: any Clock
    private let group: EventLoopGroup
    private let server: HTTPServer?
    private let health: HealthMonitor
    private let storage: StoreBackend
    private let queueBackend: QueueBackend
    private let scheduler: Scheduler?
    private let http: CurlHTTPClient

    /// Opens the store (applying migrations) and the queue that `settings` select and builds
    /// everything else; nothing listens or consumes until `start()`. `surface` says what the HTTP
    /// server offers (`loom worker` serves only /health and /metrics, or nothing). `jobHandler`
    /// replaces the review runner and `tuneScheduler` adjusts the scheduler's timings (tests
    /// shorten the reconciliation intervals); the commands use neither.
    public static func make(settings: Settings, logger: Logger, clock: any Clock = SystemClock(),
                            workersEnabled: Bool = true, surface: HTTPSurface = .full,
                            jobHandler: (any JobHandler)? = nil,
                            tuneScheduler: (inout SchedulerConfiguration) -> Void = { _ in }) async throws -> LoomApplication {
        let group = try EventLoopGroup(loopCount: settings.eventLoops)
        // Started now: PostgreSQL and Redis connections live on these loops.
        try group.start()
        let storage: StoreBackend
        do {
            storage = try await StoreBackend.open(settings: settings, group: group, clock: clock, logger: logger)
        } catch {
            group.shutdown()
            throw error
        }
        do {
            let workerID = SchedulerConfiguration.makeWorkerID()
            let queue = try QueueBackend.make(settings: settings, store: storage.store, group: group, clock: clock,
                                              consumer: workerID)
            return LoomApplication(settings: settings, logger: logger, clock: clock, group: group, storage: storage,
                                   queue: queue, workerID: workerID, workersEnabled: workersEnabled, surface: surface,
                                   jobHandler: jobHandler, tuneScheduler: tuneScheduler)
        } catch {
            await storage.store.close()
            group.shutdown()
            throw error
        }
    }

    private init(settings: Settings, logger: Logger, clock: any Clock, group: EventLoopGroup, storage: StoreBackend,
                 queue backend: QueueBackend, workerID: String, workersEnabled: Bool, surface: HTTPSurface,
                 jobHandler: (any JobHandler)?, tuneScheduler: (inout SchedulerConfiguration) -> Void) {
        self.settings = settings
        self.logger = logger
        self.clock = clock
        self.group = group
        self.storage = storage
        self.queueBackend = backend
        let store = storage.store
        let queue = backend.queue
        let registry = LoomMetricsSystem.bootstrap()
        // Outbound HTTP (platform APIs, models) runs on the last loop, beside request handling.
        http = CurlHTTPClient(loop: group.loops[group.loops.count - 1])
        let reviews = ReviewRunner(environment: ReviewWiring.environment(settings, http: http, clock: clock, logger: logger),
                                   store: store)
        var schedulerConfiguration = SchedulerConfiguration(workerID: workerID, workers: settings.workers,
                                                            leaseDuration: settings.jobLease)
        tuneScheduler(&schedulerConfiguration)
        scheduler = workersEnabled
            ? Scheduler(store: store, queue: queue, handler: jobHandler ?? reviews, clock: clock,
                        configuration: schedulerConfiguration, logger: logger)
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
        if surface == .full {
            let webhooks = WebhookEndpoint(
                processor: WebhookProcessor(secrets: settings.webhookSecrets), store: store, queue: queue,
                deduplicator: backend.deduplicator,
                limiter: settings.rateLimitEnabled
                    ? RateLimiter(perKeyLimit: settings.rateLimitPerHour, globalLimit: settings.rateLimitGlobal, clock: clock) : nil,
                policy: .init(allowlist: settings.repoAllowlist.map { $0.map(Glob.init) }, reviewDrafts: settings.reviewDrafts),
                clock: clock, logger: logger)
            router.on(.post, "/webhooks/{platform}", webhooks.respond)
            AdminAPI(token: settings.adminToken, store: store, scheduler: scheduler, logger: logger).register(on: &router)
        }
        server = surface == .none
            ? nil : HTTPServer(configuration: Self.serverConfiguration(settings), group: group, router: router, logger: logger)
    }

    /// Where jobs and deliveries are kept, for the start-up log: `store` and `queue` descriptions
    /// (passwords hidden).
    public var backends: (store: String, queue: String) { (storage.description, queueBackend.description) }

    /// Open client connections, for tests and logs.
    public var connectionCount: Int { server?.connectionCount ?? 0 }

    /// The loops, for callers that need to run work on one (signal watching).
    public var eventLoops: [EventLoop] { group.loops }

    /// Starts the queue and workers, the health prober and the listener; returns the bound
    /// address (nil for a process that serves no HTTP).
    @discardableResult
    public func start() async throws -> SocketAddress? {
        do {
            let queue = queueBackend.queue
            try await queueBackend.start(clock: clock, logger: logger) { [scheduler] in
                if let scheduler { try await scheduler.start() } else { try await queue.start() }
            }
            await health.start()
            return try await server?.start()
        } catch {
            await stopBackground()
            throw error
        }
    }

    /// Graceful stop: no new connections, in-flight requests finish, running jobs get the grace
    /// period (unfinished ones go back to the queue), then the store closes and the loops end.
    public func shutdown() async {
        await server?.shutdown(grace: settings.shutdownGrace)
        await stopBackground()
    }

    private func stopBackground() async {
        if let scheduler { await scheduler.drain(grace: settings.shutdownGrace) }
        await queueBackend.close()
        await http.shutdown()
        health.stop()
        await storage.store.close()
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
