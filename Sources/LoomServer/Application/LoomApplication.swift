// LoomApplication: the composition root: loops, HTTP server, routes, health, metrics, shutdown.

public import LoomCore
import LoomHTTP
import LoomMetrics
public import LoomReactor
import LoomSQLite
public import Logging

/// One running Loom process: event loops, the HTTP server and what it serves.
public final class LoomApplication: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let clock: any Clock
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let health: HealthMonitor

    /// Builds everything from `settings`; nothing listens until `start()`.
    public init(settings: Settings, logger: Logger, clock: any Clock = SystemClock()) throws {
        self.settings = settings
        self.logger = logger
        self.clock = clock
        let storage = try EmbeddedStorage(settings: settings)
        health = HealthMonitor(probes: [storage.healthProbe, EmbeddedStorage.queueProbe], clock: clock, logger: logger)
        group = try EventLoopGroup(loopCount: settings.eventLoops)
        let exposition = MetricsExposition(registry: LoomMetricsSystem.bootstrap())
        server = HTTPServer(configuration: Self.serverConfiguration(settings), group: group,
                            router: Self.routes(health: health, clock: clock, exposition: exposition), logger: logger)
    }

    /// Open client connections, for tests and logs.
    public var connectionCount: Int { server.connectionCount }

    /// The loops, for callers that need to run work on one (signal watching).
    public var eventLoops: [EventLoop] { group.loops }

    /// Starts the loops, the health prober and the listeners; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        try group.start()
        await health.start()
        do {
            return try await server.start()
        } catch {
            health.stop()
            group.shutdown()
            throw error
        }
    }

    /// Graceful stop: no new connections, in-flight requests finish (up to the grace period),
    /// then the loops end.
    public func shutdown() async {
        await server.shutdown(grace: settings.shutdownGrace)
        health.stop()
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

    static func routes(health: HealthMonitor, clock: any Clock, exposition: MetricsExposition) -> Router {
        var router = Router()
        let healthEndpoint = HealthEndpoint(monitor: health, clock: clock)
        let metricsEndpoint = MetricsEndpoint(exposition: exposition)
        router.get("/health", healthEndpoint.respond)
        router.get("/metrics", metricsEndpoint.respond)
        return router
    }
}
