// QueueBench: the queue benchmark's rig — store, queue(s) and schedulers with a no-op handler, embedded or scale-out.

import LoomCore
import LoomCrypto
import LoomQueue
import LoomReactor
import LoomRedis
import LoomStore
import Logging

/// Jobs are stored and enqueued as a webhook would (through the first replica's queue) and run by
/// every replica's scheduler. Embedded: one SQLite store and the in-process queue. With a Redis
/// URL: each replica has its own event loops, Redis client, queue consumer and (with a
/// PostgreSQL URL) connection pool, as separate `loom worker` processes would.
final class QueueBench: Sendable {
    /// What to build.
    struct Shape: Sendable {
        var workers: Int
        var replicas: Int
        var databaseURL: String?
        var redisURL: String?
        /// Keep jobs in memory instead (`--store memory`): measures the queue alone, without
        /// the two row writes per job (claim, result) a database store adds.
        var inMemoryStore = false

        /// Replicas actually built: one for the in-process queue.
        var replicaCount: Int { redisURL == nil ? 1 : max(1, replicas) }
    }

    private struct Replica: Sendable {
        let group: EventLoopGroup
        let store: any Store
        let queue: any JobQueue
        let scheduler: Scheduler
        let client: RedisClient?
    }

    let recorder: StartRecorder
    private let replicas: [Replica]
    /// Jobs of each run go to a repository of their own, so runs on one database never collide.
    private let repository: RepositoryRef

    /// The store jobs are submitted to (the first replica's).
    var store: any Store { replicas[0].store }

    static func make(_ shape: Shape, startSchedulers: Bool = true) async throws -> QueueBench {
        let recorder = StartRecorder()
        let sqlitePath: String? = shape.databaseURL == nil && !shape.inMemoryStore ? try temporaryDirectory("loom-queue-bench") + "/" + SQLiteStore.defaultFileName : nil
        let memory = InMemoryStore()
        let keyPrefix = "loom-bench:\(String(UInt32.random(in: 0...UInt32.max), radix: 16)):"
        var replicas: [Replica] = []
        var sharedSQLite: SQLiteStore?
        for index in 0..<shape.replicaCount {
            let group = try EventLoopGroup(loopCount: 2)
            try group.start(namePrefix: "bench-\(index)")
            let store: any Store
            if shape.inMemoryStore {
                store = memory
            } else if let url = shape.databaseURL {
                store = try await PostgresStore.open(url: url, group: group, poolSize: 10)
            } else if let shared = sharedSQLite {
                store = shared
            } else {
                let opened = try await SQLiteStore.open(path: sqlitePath!)
                sharedSQLite = opened
                store = opened
            }
            if index == 0 { try await store.migrate() }
            let workerID = SchedulerConfiguration.makeWorkerID()
            var client: RedisClient?
            let queue: any JobQueue
            if let url = shape.redisURL {
                let redis = RedisClient(configuration: try RedisConfiguration(url: url), loops: group.loops, commandConnections: 2)
                queue = RedisJobQueue(client: redis, configuration: RedisJobQueueConfiguration(
                    consumer: workerID, keyPrefix: keyPrefix, coalescingTTL: .seconds(600)))
                client = redis
            } else {
                queue = LocalJobQueue(store: store)
            }
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            let scheduler = Scheduler(store: store, queue: queue, handler: NoopHandler(recorder: recorder),
                                      // Only this run's jobs: queued jobs already in a shared database are not its business.
                                      configuration: SchedulerConfiguration(workerID: workerID, workers: shape.workers,
                                                                            reconcileInterval: nil),
                                      logger: logger)
            try await queue.start()
            replicas.append(Replica(group: group, store: store, queue: queue, scheduler: scheduler, client: client))
        }
        let bench = QueueBench(recorder: recorder, replicas: replicas)
        if startSchedulers { try await bench.startSchedulers() }
        return bench
    }

    private init(recorder: StartRecorder, replicas: [Replica]) {
        self.recorder = recorder
        self.replicas = replicas
        let id = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        repository = RepositoryRef(platform: .github, platformID: "bench-\(id)", fullName: "bench/queue-\(id)")
    }

    func startSchedulers() async throws {
        for replica in replicas { try await replica.scheduler.start() }
    }

    /// Stores a job durably (as a webhook would).
    func store(index: Int) async throws -> Job? {
        let head = String(repeating: "0", count: 40 - String(index, radix: 16).count) + String(index, radix: 16)
        let request = IngestionRequest(platform: .github, deliveryID: nil, event: "pull_request", repository: repository,
                                       action: .enqueue(NewJob(id: RandomID.uuid(), prNumber: index + 1, headSHA: head, baseSHA: nil)),
                                       receivedAt: SystemClock().wallNanoseconds())
        guard case .jobCreated(let job, _) = try await store.ingest(request) else { return nil }
        return job
    }

    /// Stores a job, then enqueues it; the clock for its latency starts at the enqueue.
    func submit(index: Int) async throws {
        guard let job = try await store(index: index) else { return }
        recorder.enqueued(job.id)
        try await replicas[0].queue.enqueue(job)
    }

    func stop() async {
        for replica in replicas { await replica.scheduler.drain(grace: .seconds(5)) }
        for replica in replicas {
            await replica.queue.close()
            await replica.client?.close()
            await replica.store.close()
            replica.group.shutdown()
        }
    }
}
