// RedisQueueRestartTests: a Redis restart (append-only file) mid-run loses no entry; schedulers share one queue.

import LoomCore
import LoomQueue
import LoomRedis
import LoomStore
import LoomTestSupport
import Testing

@Suite("Redis queue across restarts", .enabled(if: RedisServerProcess.executable != nil))
struct RedisQueueRestartTests {
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }

    @Test(arguments: [false, true])
    func entriesEnqueuedBeforeARestartAreStillDelivered(abrupt: Bool) async throws {
        let server = try RedisServerProcess()
        try await withRedis(url: server.url, configure: { $0.reconnectWait = .seconds(1) }) { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: "loom:", clock: clock) { $0.blockTimeout = .milliseconds(500) }
            for index in 0..<20 { try await queue.enqueue(QueueItem(jobID: "before-\(index)", priority: index % 3 - 1, runAt: now)) }
            try await queue.enqueue(QueueItem(jobID: "delayed", runAt: now + 5_000_000_000))
            var handled: [String] = []
            for _ in 0..<5 {
                let delivery = try #require(try await queue.next())
                handled.append(delivery.jobID)
                try await queue.ack(delivery)
            }
            if abrupt { server.kill() } else { server.stop() }
            try server.start()
            // The client may still be in its reconnect backoff for a moment.
            try await retryingBriefly { try await queue.enqueue(QueueItem(jobID: "after", runAt: now)) }
            clock.advance(by: .seconds(5))
            try await retryingBriefly { _ = try await queue.promoteDue(now: now) }
            while handled.count < 22 {
                let delivery: QueueDelivery?
                do {
                    delivery = try await queue.next()
                } catch {
                    try await Task.sleep(for: .milliseconds(50))  // the blocking connection may still reconnect
                    continue
                }
                guard let delivery else { break }
                handled.append(delivery.jobID)
                try await queue.ack(delivery)
            }
            #expect(Set(handled) == Set((0..<20).map { "before-\($0)" } + ["delayed", "after"]))
            #expect(handled.count == 22)
        }
    }

    @Test func twoSchedulersShareTheQueueAndRunEachJobOnce() async throws {
        try await withRedis(loops: 2) { (redis: RedisHarness) async throws in
            let prefix = TestRedis.uniquePrefix("sched")
            let store = InMemoryStore()
            let counter = RedisCollector<String>()
            let handler = RedisCountingHandler(counter)
            var schedulers: [Scheduler] = []
            var queues: [RedisJobQueue] = []
            for index in 0..<2 {
                let queue = try await redis.queue(prefix: prefix, consumer: "replica-\(index)")
                let scheduler = Scheduler(store: store, queue: queue, handler: handler,
                                          configuration: SchedulerConfiguration(workerID: "replica-\(index)", workers: 3,
                                                                                promoteInterval: .milliseconds(50)))
                try await scheduler.start()
                queues.append(queue)
                schedulers.append(scheduler)
            }
            let repository = RepositoryRef(platform: .github, platformID: "77", fullName: "acme/shared")
            var ids: [String] = []
            for index in 0..<40 {
                let outcome = try await store.ingest(IngestionRequest(
                    platform: .github, deliveryID: "delivery-\(index)", event: "pull_request", repository: repository,
                    action: .enqueue(NewJob(id: "job-\(index)", prNumber: index, headSHA: "head-\(index)", baseSHA: nil)),
                    receivedAt: SystemClock().wallNanoseconds()))
                guard case .jobCreated(let job, _) = outcome else { throw RedisTestFailure("expected a job, got \(outcome)") }
                ids.append(job.id)
                try await queues[index % 2].enqueue(job)
            }
            let finished = try await waitUntil(timeout: .seconds(20)) {
                try await store.jobCounts()[.completed] == 40
            }
            #expect(finished)
            for scheduler in schedulers { await scheduler.drain(grace: .seconds(2)) }
            for queue in queues { await queue.close() }
            #expect(counter.values.sorted() == ids.sorted())  // each ran once, on one replica or the other
        }
    }
}

/// Completes every job at once, recording its id.
struct RedisCountingHandler: JobHandler {
    let ran: RedisCollector<String>

    init(_ ran: RedisCollector<String>) { self.ran = ran }

    func run(_ job: Job, context: JobContext) async -> JobOutcome {
        ran.append(job.id)
        return .completed
    }
}

/// Runs `body` until it succeeds, for up to five seconds (then its error is thrown).
private func retryingBriefly(_ body: () async throws -> Void) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while true {
        do {
            return try await body()
        } catch where ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
