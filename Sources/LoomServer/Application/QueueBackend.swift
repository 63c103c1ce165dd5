// QueueBackend: the queue REDIS_URL selects — the in-process queue, or Redis Streams shared by every process.

import LoomCore
import LoomQueue
import LoomReactor
import LoomRedis
import LoomStore
import Logging

/// The queue a process uses, and for Redis the delivery de-duplication and client that go with it.
struct QueueBackend: Sendable {
    let queue: any JobQueue
    let deduplicator: RedisDeduplicator?
    /// `local` or the Redis URL with its password hidden.
    let description: String
    private let client: RedisClient?

    /// The in-process queue over `store`, or with `REDIS_URL` a Redis Streams queue whose
    /// consumer name is `consumer` (the process's worker id). Nothing connects until `start`.
    static func make(settings: Settings, store: any Store, group: EventLoopGroup, clock: any Clock,
                     consumer: String) throws -> QueueBackend {
        guard let url = settings.redisURL else {
            return QueueBackend(queue: LocalJobQueue(store: store, clock: clock), deduplicator: nil, description: "local", client: nil)
        }
        var configuration: RedisConfiguration
        do {
            configuration = try RedisConfiguration(url: url)
        } catch {
            throw StartupError("REDIS_URL: \(error)")
        }
        // A webhook answer waits for Redis (de-duplication, enqueue) only briefly: once Redis has
        // been down for a second, calls fail at once and the store alone carries the delivery.
        configuration.reconnectWait = .seconds(1)
        configuration.connectTimeout = .seconds(3)
        let client = RedisClient(configuration: configuration, loops: group.loops, commandConnections: group.loops.count)
        let queue = RedisJobQueue(client: client, configuration: RedisJobQueueConfiguration(consumer: consumer, leaseDuration: settings.jobLease),
                                  clock: clock)
        return QueueBackend(queue: queue, deduplicator: RedisDeduplicator(client: client), description: configuration.redacted,
                            client: client)
    }

    /// Runs `start` — which starts the queue (the local one loads the store's queued jobs; Redis
    /// creates its consumer group), directly or through a scheduler — waiting up to `wait` for a
    /// Redis that is not reachable yet.
    func start(clock: any Clock, logger: Logger, wait: Duration = .seconds(30),
               _ start: () async throws -> Void) async throws {
        try await StartupRetry.untilReachable("queue", at: description, wait: wait, clock: clock, logger: logger,
                                              isUnreachable: { $0 is RedisError && !Self.isPermanent($0) }, start)
    }

    /// Closes the queue (waking waiting workers) and the Redis connections.
    func close() async {
        await queue.close()
        await client?.close()
    }

    /// Failures that waiting cannot cure: a wrong password or database, a bad URL.
    private static func isPermanent(_ error: any Error) -> Bool {
        switch error as? RedisError {
        case .authenticationFailed, .selectFailed, .invalidURL, .tlsUnsupported: true
        default: false
        }
    }
}
