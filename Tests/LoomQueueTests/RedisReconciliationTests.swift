// RedisReconciliationTests: the scheduler keeps a Redis queue in step with the store — rebuild after data loss, re-offer lost entries.

import LoomCore
import LoomQueue
import LoomRedis
import LoomStore
import LoomTestSupport
import Testing

@Suite("Redis queue reconciliation", .enabled(if: RedisServerProcess.executable != nil))
struct RedisReconciliationTests {
    @Test("after FLUSHALL exactly one of two schedulers rebuilds the queue from the store; every queued job runs once",
          arguments: ReconcileStoreKind.allCases)
    func rebuildAfterDataLoss(kind: ReconcileStoreKind) async throws {
        // A private server: FLUSHALL on the shared one would wipe other tests' keys.
        let server = try RedisServerProcess(appendOnly: false)
        let clock = ManualClock()
        try await kind.withStore(clock: clock) { store in
            try await withRedis(url: server.url, loops: 2, commandConnections: 2) { (redis: RedisHarness) async throws in
                let ran = RedisCollector<String>()
                var queues: [RedisJobQueue] = []
                var schedulers: [Scheduler] = []
                for index in 0..<2 {
                    let queue = try await redis.queue(prefix: "loom:", consumer: "replica-\(index)", clock: clock) {
                        $0.blockTimeout = .milliseconds(200)
                    }
                    queues.append(queue)
                    schedulers.append(reconcilingScheduler(store: store, queue: queue, handler: RedisCountingHandler(ran),
                                                           clock: clock, workerID: "replica-\(index)"))
                }
                // First use of this Redis: one replica claims the (empty) rebuild, the other never sees it.
                #expect(await schedulers[0].reconcileQueue() == 0)
                #expect(try await queues[1].claimRebuild() == false)

                let jobs = Jobs(store: store, clock: clock)
                var ready: [Job] = []
                for pr in 1...5 {
                    let job = try await jobs.create(pr: pr)
                    try await queues[pr % 2].enqueue(job)
                    ready.append(job)
                }
                // One job failed once and waits for its retry a minute from now; one is finished.
                let now = clock.wallNanoseconds()
                let retried = try await jobs.create(pr: 6)
                _ = try #require(try await store.claimJob(id: retried.id, owner: "gone", leaseUntil: now + 30_000_000_000, now: now))
                let delayed = try #require(try await store.finishJob(
                    id: retried.id, owner: "gone", result: .retry(error: "flaky", retryAt: now + 60_000_000_000), now: now))
                #expect(delayed.status == .queued)
                try await queues[0].enqueue(delayed)
                let finished = try await jobs.create(pr: 7)
                _ = try #require(try await store.claimJob(id: finished.id, owner: "gone", leaseUntil: now + 30_000_000_000, now: now))
                _ = try #require(try await store.finishJob(id: finished.id, owner: "gone", result: .completed, now: now))
                #expect(try await queues[0].depth() == QueueDepth(ready: 5, delayed: 1))

                // Redis loses everything: entries, consumer group, the rebuild marker.
                _ = try await redis.client.send(["FLUSHALL"]).checked()
                #expect(try await queues[0].depth() == QueueDepth(ready: 0, delayed: 0))

                let (one, other) = (schedulers[0], schedulers[1])
                async let first = one.reconcileQueue()
                async let second = other.reconcileQueue()
                let counts = await [first, second]
                #expect(counts.sorted() == [0, 6], "exactly one replica rebuilds, with every queued job (ready and delayed)")
                #expect(try await queues[0].depth() == QueueDepth(ready: 5, delayed: 1))
                #expect(await schedulers[0].reconcileQueue() == 0)
                #expect(await schedulers[1].reconcileQueue() == 0)
                #expect(try await queues[1].depth() == QueueDepth(ready: 5, delayed: 1), "a later round adds nothing")

                for scheduler in schedulers { try await scheduler.start() }
                let completedReady = try await waitUntil(timeout: .seconds(15)) {
                    for job in ready where try await store.job(id: job.id)?.status != .completed { return false }
                    return true
                }
                #expect(completedReady, "the rebuilt ready entries did not all run")
                clock.advance(by: .seconds(61))
                #expect(try await waitUntil(timeout: .seconds(15)) { try await store.job(id: retried.id)?.status == .completed },
                        "the rebuilt delayed entry did not run once due")
                for scheduler in schedulers { await scheduler.drain(grace: .seconds(2)) }
                for queue in queues { await queue.close() }
                #expect(ran.values.sorted() == (ready.map(\.id) + [retried.id]).sorted(), "each queued job runs exactly once")
                #expect(try await store.job(id: finished.id)?.attempts == 1, "a finished job is never offered again")
            }
        }
        server.kill()
    }

    @Test("a job committed but never enqueued is re-offered once ready longer than reconcileAfter, and only while nothing is ready")
    func lostEntryIsReofferedWhenStale() async throws {
        let clock = ManualClock()
        let store = InMemoryStore()
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: TestRedis.uniquePrefix("reconcile"), clock: clock) {
                $0.blockTimeout = .milliseconds(200)
            }
            let ran = RedisCollector<String>()
            let scheduler = reconcilingScheduler(store: store, queue: queue, handler: RedisCountingHandler(ran), clock: clock,
                                                 workerID: "replica")
            #expect(await scheduler.reconcileQueue() == 0)  // first use: claims the (empty) rebuild

            // Committed in the store, but the process died before its enqueue.
            let jobs = Jobs(store: store, clock: clock)
            let lost = try await jobs.create(pr: 1)
            #expect(await scheduler.reconcileQueue() == 0)
            clock.advance(by: .seconds(29))
            #expect(await scheduler.reconcileQueue() == 0, "not stale yet: its enqueue may still be on its way")
            #expect(try await queue.depth().ready == 0)
            clock.advance(by: .seconds(2))
            #expect(await scheduler.reconcileQueue() == 1)
            #expect(try await queue.depth().ready == 1)
            #expect(await scheduler.reconcileQueue() == 0, "an entry is waiting: nothing is offered twice")

            // Another lost job, stale too, while the queue still has a ready entry: left alone for now.
            let second = try await jobs.create(pr: 2)
            clock.advance(by: .seconds(31))
            #expect(await scheduler.reconcileQueue() == 0)
            #expect(try await queue.depth().ready == 1)

            try await scheduler.start()
            #expect(try await waitUntil(timeout: .seconds(10)) { try await store.job(id: lost.id)?.status == .completed })
            #expect(try await waitUntil(timeout: .seconds(5)) { try await queue.depth().ready == 0 })
            #expect(try await store.job(id: second.id)?.status == .queued)
            // The queue has nothing ready any more: the next round offers the second job, which runs.
            #expect(await scheduler.reconcileQueue() == 1)
            #expect(try await waitUntil(timeout: .seconds(10)) { try await store.job(id: second.id)?.status == .completed })
            await scheduler.drain(grace: .seconds(2))
            await queue.close()
            #expect(ran.values.sorted() == [lost.id, second.id].sorted())
        }
    }

    @Test("an in-process queue never reconciles: it is not shared and rebuilds itself at start instead")
    func localQueueNeverReconciles() async throws {
        let clock = ManualClock()
        let store = InMemoryStore()
        let queue = LocalJobQueue(store: store, clock: clock)
        #expect(queue.isShared == false)
        #expect(try await queue.claimRebuild() == false)
        let ran = RedisCollector<String>()
        // Reconciliation as eager as it gets, were it to run at all.
        let configuration = SchedulerConfiguration(workerID: "local", workers: 1, renewInterval: .seconds(3600),
                                                   rescueInterval: .seconds(3600), promoteInterval: .milliseconds(20),
                                                   reconcileInterval: .milliseconds(10), reconcileAfter: .zero)
        let scheduler = Scheduler(store: store, queue: queue, handler: RedisCountingHandler(ran), clock: clock,
                                  configuration: configuration)
        try await scheduler.start()
        let notEnqueued = try await Jobs(store: store, clock: clock).create(pr: 1)
        clock.advance(by: .seconds(60))
        #expect(await scheduler.reconcileQueue() == 0)
        try await Task.sleep(for: .milliseconds(300))  // dozens of reconcile intervals
        #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 0))
        #expect(try await store.job(id: notEnqueued.id)?.status == .queued)
        #expect(ran.values.isEmpty)
        await scheduler.drain(grace: .seconds(1))
        await queue.close()

        // What an in-process queue does instead: load the store's queued jobs when it starts.
        let restarted = LocalJobQueue(store: store, clock: clock)
        let again = Scheduler(store: store, queue: restarted, handler: RedisCountingHandler(ran), clock: clock,
                              configuration: configuration)
        try await again.start()
        #expect(try await waitUntil(timeout: .seconds(10)) { try await store.job(id: notEnqueued.id)?.status == .completed })
        await again.drain(grace: .seconds(1))
        await restarted.close()
        #expect(ran.values == [notEnqueued.id])
    }
}

/// Maintenance that never runs by itself (hour-long intervals) except promotion, so reconciliation
/// happens exactly when the test calls it.
private func reconcilingScheduler(store: any Store, queue: any JobQueue, handler: any JobHandler, clock: any Clock,
                                  workerID: String) -> Scheduler {
    Scheduler(store: store, queue: queue, handler: handler, clock: clock,
              configuration: SchedulerConfiguration(workerID: workerID, workers: 2, renewInterval: .seconds(3600),
                                                    rescueInterval: .seconds(3600), promoteInterval: .milliseconds(50),
                                                    reconcileInterval: .seconds(3600)))
}

/// The stores the rebuild runs against: in memory, and PostgreSQL (a fresh database).
enum ReconcileStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case postgres

    var testDescription: String { rawValue }

    func withStore(clock: any Clock, _ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(InMemoryStore())
        case .postgres:
            try await TestPostgres.withDatabase { url in
                let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 4, clock: clock)
                do {
                    try await store.migrate()
                    try await body(store)
                } catch {
                    await store.close()
                    throw error
                }
                await store.close()
            }
        }
    }
}
