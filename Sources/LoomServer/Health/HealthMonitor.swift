// HealthMonitor: probes database and queue in the background so /health answers from memory.

public import LoomCore
public import Logging
import Synchronization

/// Keeps the latest result of every probe.
///
/// `/health` is polled by Docker, Traefik and Kubernetes and must stay cheap, so it never runs a
/// probe itself: a background task refreshes the results every few seconds, and a component that
/// recovers is reported healthy again on the next round without a restart.
public final class HealthMonitor: Sendable {
    /// One report, as /health shows it.
    public struct Snapshot: Sendable {
        /// Component name → health, in probe order.
        public var components: [(name: String, health: ComponentHealth)]
        /// When the probes last finished (monotonic), nil before the first round.
        public var checkedAt: Instant?

        /// `unhealthy` if any component is; `degraded` if results are stale; else `healthy`.
        public func status(now: Instant, staleAfter: Duration) -> String {
            if components.contains(where: { $0.health == .unhealthy }) { return "unhealthy" }
            guard let checkedAt, now - checkedAt <= staleAfter else { return "degraded" }
            return "healthy"
        }
    }

    private let probes: [HealthProbe]
    private let clock: any Clock
    private let logger: Logger
    private let latest: Mutex<Snapshot>
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Time between probe rounds.
    public let interval: Duration

    public init(probes: [HealthProbe], clock: any Clock, logger: Logger, interval: Duration = .seconds(5)) {
        self.probes = probes
        self.clock = clock
        self.logger = logger
        self.interval = interval
        latest = Mutex(Snapshot(components: probes.map { ($0.name, .healthy) }, checkedAt: nil))
    }

    /// The latest results (cheap: one lock, no I/O).
    public var snapshot: Snapshot { latest.withLock { $0 } }

    /// Runs one round of probes now.
    public func refresh() async {
        var results: [(name: String, health: ComponentHealth)] = []
        for probe in probes {
            do {
                try await probe.check()
                results.append((probe.name, .healthy))
            } catch {
                results.append((probe.name, .unhealthy))
                logger.warning("health probe failed", metadata: ["component": "\(probe.name)", "error": "\(error)"])
            }
        }
        let now = clock.now()
        latest.withLock { $0 = Snapshot(components: results, checkedAt: now) }
    }

    /// Probes now and then every `interval` until `stop()`.
    public func start() async {
        await refresh()
        let started = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await refresh()
            }
        }
        task.withLock { $0 = started }
    }

    public func stop() {
        task.withLock { $0?.cancel(); $0 = nil }
    }
}
