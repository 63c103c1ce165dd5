// RedisJobQueue: the shared queue of scale-out — Redis Streams per priority band, one consumer group, leases.

public import CoreMetrics
public import LoomCore
public import LoomRedis
import LoomMetrics
import Synchronization

/// The `JobQueue` every replica shares when `REDIS_URL` is set. Key layout and priority bands:
/// `RedisQueueKeys`; the atomic steps: `RedisQueueScripts`.
///
/// - `enqueue` → `XADD` to the band's stream (`MAXLEN ~`), or into the delayed sorted set when
///   the run-at is in the future. `promoteDue` moves due delayed entries in one script, so two
///   replicas never promote the same entry twice.
/// - `next` → a non-blocking take from the highest band that has an entry (`XREADGROUP` in a
///   script), then a blocking `XREADGROUP … BLOCK` over all bands on a dedicated connection.
///   `ack` → `XACK` + `XDEL`. `release` → a copy goes back to the stream's tail, then `XACK` + `XDEL`.
/// - Leases: an entry handed out stays pending under this process's consumer until acknowledged.
///   The maintenance step (from `promoteDue`, every `maintenanceInterval`) resets the idle time
///   of the entries this process still holds (`XCLAIM … JUSTID`, which does not count a
///   delivery), and re-offers entries idle longer than the lease — their consumer died or lost
///   them — or moves them to `loom:jobs:dead` after `maxDeliveries` deliveries.
/// - Coalescing: `enqueue(_ job:)` of a fresh job records it as its pull request's newest; an
///   entry is skipped (acknowledged, never handed out) only when a job of the same pull request
///   created at least `coalescingMargin` later was recorded. The store's supersede rule is what
///   cancels the older job; skipping just saves a worker the failed claim.
///
/// The store stays the source of truth: a duplicate or lost entry never doubles or loses a
/// review (the claim decides, and expired job leases are rescued from the store).
public final class RedisJobQueue: JobQueue {
    public let name = "redis"
    public let configuration: RedisJobQueueConfiguration
    public let keys: RedisQueueKeys
    let client: RedisClient
    let clock: any Clock
    let depthGauge: Gauge
    let state = Mutex(State())

    struct State {
        var closed = false
        /// Blocking connections in use by `next()`, closed by `close()` to wake their readers.
        var blocking: [ObjectIdentifier: RedisConnection] = [:]
        /// Receipts handed out here and not yet acknowledged or released: renewed by maintenance.
        var outstanding: Set<String> = []
        var lastMaintenance: Instant?
    }

    /// A queue on `client`'s Redis. Call `start()` (creates the consumer group) before `next()`.
    public init(client: RedisClient, configuration: RedisJobQueueConfiguration, clock: any Clock = SystemClock(),
                metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.client = client
        self.configuration = configuration
        self.keys = RedisQueueKeys(prefix: configuration.keyPrefix)
        self.clock = clock
        self.depthGauge = Gauge(label: MetricsNames.queueDepth, dimensions: [("queue", "redis")], factory: metricsFactory)
    }

    /// Creates the consumer group on every band's stream (idempotent across replicas), reading
    /// from the beginning so entries enqueued before any worker started are not skipped.
    public func start() async throws {
        for stream in keys.streams {
            let reply = try await client.send(["XGROUP", "CREATE", RedisArgument(stream), RedisArgument(configuration.group),
                                               "0", "MKSTREAM"])
            if case .error(let message) = reply, !message.hasPrefix("BUSYGROUP") { throw RedisError.server(message) }
        }
    }

    public func enqueue(_ item: QueueItem) async throws {
        try await enqueue(item, coalescingKey: nil, createdAt: 0)
    }

    /// Enqueues a stored job. A fresh job (as ingested: first attempt, run-at = creation) also
    /// becomes its pull request's newest, so older entries of the PR still waiting are skipped.
    /// Retries, rescues and operator retries never take part: they must not be skipped.
    public func enqueue(_ job: Job) async throws {
        let fresh = job.status == .queued && job.attempts == 0 && job.runAt == job.createdAt
        let key = fresh ? keys.pullRequest(platform: job.platform, repository: job.repository, number: job.prNumber) : nil
        try await enqueue(QueueItem(job), coalescingKey: key, createdAt: job.createdAt)
    }

    private func enqueue(_ item: QueueItem, coalescingKey: String?, createdAt: Int64) async throws {
        let band = RedisQueueKeys.band(for: item.priority)
        var fields: [RedisArgument] = ["job", RedisArgument(item.jobID), "prio", RedisArgument(item.priority),
                                       "run", RedisArgument(item.runAt), "n", "0"]
        if let coalescingKey { fields += ["pr", RedisArgument(coalescingKey), "created", RedisArgument(createdAt)] }
        let ttl = RedisArgument(milliseconds(configuration.coalescingTTL))
        let now = clock.wallNanoseconds()
        if item.runAt > now {
            // Rounded up, so an entry is never promoted before its run-at.
            let score = item.runAt / 1_000_000 + (item.runAt % 1_000_000 > 0 ? 1 : 0)
            _ = try await client.evaluate(
                RedisQueueScripts.enqueueDelayed,
                keys: [RedisArgument(keys.delayed), RedisArgument(keys.delayedEntryPrefix + item.jobID)]
                    + (coalescingKey.map { [RedisArgument($0)] } ?? []),
                arguments: [RedisArgument(score), RedisArgument(item.jobID), ttl, RedisArgument(createdAt)]
                    + fields + ["band", RedisArgument(band + 1)]
            ).checked()
        } else {
            _ = try await client.evaluate(
                RedisQueueScripts.enqueueReady,
                keys: [RedisArgument(keys.streams[band])] + (coalescingKey.map { [RedisArgument($0)] } ?? []),
                arguments: [RedisArgument(configuration.maxStreamLength), ttl, RedisArgument(item.jobID),
                            RedisArgument(createdAt)] + fields + ["ready", RedisArgument(max(item.runAt, now))]
            ).checked()
        }
    }

    public func next() async throws -> QueueDelivery? {
        while true {
            if isClosed || Task.isCancelled { return nil }
            do {
                var entry = try await take()
                if entry == nil { entry = try await waitForEntry() }
                if let entry, let delivery = try await accept(entry) { return delivery }
            } catch {
                if isClosed || Task.isCancelled { return nil }
                // The group vanishes if Redis lost its data (no AOF); recreate it and go on.
                if case RedisError.server(let message) = error, message.contains("NOGROUP") {
                    try await start()
                    continue
                }
                throw error
            }
        }
    }

    public func ack(_ delivery: QueueDelivery) async throws {
        guard let (band, id) = RedisStreamEntry.parse(receipt: delivery.receipt) else { return }
        _ = state.withLock { $0.outstanding.remove(delivery.receipt ?? "") }
        _ = try await client.evaluate(RedisQueueScripts.acknowledge, keys: [RedisArgument(keys.streams[band])],
                                  arguments: [RedisArgument(configuration.group), RedisArgument(id)]).checked()
    }

    /// Puts the entry back at its stream's tail for any consumer (its position is not kept:
    /// releases happen when a worker stops, and waiting a lease for a rescue would be worse).
    public func release(_ delivery: QueueDelivery) async throws {
        guard let (band, id) = RedisStreamEntry.parse(receipt: delivery.receipt) else {
            return try await enqueue(delivery.item)
        }
        _ = state.withLock { $0.outstanding.remove(delivery.receipt ?? "") }
        _ = try await client.evaluate(RedisQueueScripts.release, keys: [RedisArgument(keys.streams[band])],
                                  arguments: [RedisArgument(configuration.group), RedisArgument(id),
                                              RedisArgument(configuration.maxStreamLength)]).checked()
    }

    /// Wakes every `next()` waiting in a blocking read (their connections are closed) and makes
    /// later calls return nil. Entries already handed out can still be acknowledged.
    public func close() async {
        let connections = state.withLock { state in
            state.closed = true
            defer { state.blocking.removeAll() }
            return Array(state.blocking.values)
        }
        for connection in connections { await connection.close() }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    func milliseconds(_ duration: Duration) -> Int64 {
        Int64(clamping: duration.nanosecondsClamped / 1_000_000)
    }
}
