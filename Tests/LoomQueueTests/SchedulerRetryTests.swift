// SchedulerRetryTests: failed attempts come back at the backoff's run-at, explicit retry-after wins, spent attempts end failed.

import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct SchedulerRetryTests {
    let clock = ManualClock()

    @Test(arguments: StoreKind.allCases)
    func failedAttemptReturnsWithBackoffAndRunsWhenTheClockPassesIt(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let handler = ProbeHandler { job, _ in job.attempts == 1 ? .retry(error: "model timed out") : .completed }
        let (scheduler, queue) = makeScheduler(store: opened.store, clock: clock, handler: handler,
                                               retryPolicy: RetryPolicy(base: .seconds(10), factor: 2, cap: .seconds(600)))
        let failedAt = clock.wallNanoseconds()
        let job = try await jobs.create(pr: 1)
        try await scheduler.start()

        #expect(try await waitUntil { try await opened.store.job(id: job.id)?.error != nil })
        let waiting = try #require(try await opened.store.job(id: job.id))
        #expect(waiting.status == .queued && waiting.attempts == 1 && waiting.error == "model timed out")
        // Equal jitter on a 10 s ceiling: between 5 and 10 s after the failure.
        #expect(waiting.runAt >= failedAt + 5_000_000_000 && waiting.runAt <= failedAt + 10_000_000_000)
        #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 1))

        // Not due yet: promoting moves nothing and the job does not run.
        clock.advance(by: .seconds(4))
        await scheduler.promoteDueJobs()
        try await Task.sleep(for: .milliseconds(50))
        #expect(handler.runs(of: job.id) == 1)

        clock.advance(by: .seconds(6))
        await scheduler.promoteDueJobs()
        #expect(try await waitUntil { try await jobs.status(job.id) == .completed })
        #expect(handler.runs(of: job.id) == 2)
        #expect(try await opened.store.job(id: job.id)?.attempts == 2)
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func explicitRetryAfterIsHonoured() async throws {
        let store = InMemoryStore()
        let handler = ProbeHandler { job, _ in job.attempts == 1 ? .retry(error: "429", after: .seconds(2)) : .completed }
        let (scheduler, _) = makeScheduler(store: store, clock: clock, handler: handler)
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let now = clock.wallNanoseconds()
        try await scheduler.start()
        #expect(try await waitUntil { try await store.job(id: job.id)?.error == "429" })
        #expect(try await store.job(id: job.id)?.runAt == now + 2_000_000_000)
        clock.advance(by: .seconds(2))
        await scheduler.promoteDueJobs()
        #expect(try await waitUntil { try await store.job(id: job.id)?.status == .completed })
        await scheduler.drain(grace: .seconds(1))
    }

    @Test(arguments: StoreKind.allCases)
    func spentAttemptsEndFailed(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let handler = ProbeHandler { job, _ in .retry(error: "still broken (attempt \(job.attempts))") }
        let (scheduler, queue) = makeScheduler(store: opened.store, clock: clock, handler: handler)
        let job = try await jobs.create(pr: 1, maxAttempts: 3)
        try await scheduler.start()
        for attempt in 1...2 {
            #expect(try await waitUntil { try await opened.store.job(id: job.id)?.error?.hasSuffix("\(attempt))") == true })
            // The store shows the failure before the scheduler has put the retry back in its queue.
            #expect(try await waitUntil { try await queue.depth().delayed == 1 })
            clock.advance(by: .seconds(3600))
            await scheduler.promoteDueJobs()
        }
        #expect(try await waitUntil { try await jobs.status(job.id) == .failed })
        let failed = try #require(try await opened.store.job(id: job.id))
        #expect(failed.attempts == 3 && failed.error == "still broken (attempt 3)" && failed.completedAt != nil)
        #expect(handler.runs(of: job.id) == 3)
        // The dead-letter set is what `loom jobs list --status failed` shows; an operator retry revives it.
        #expect(try await opened.store.listJobs(JobFilter(status: .failed)).map(\.id) == [job.id])
        #expect(try await scheduler.retry(jobID: job.id)?.attempts == 0)
        #expect(await waitUntil { handler.runs(of: job.id) == 4 })
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func failedAndSkippedOutcomesAreFinalAtOnce() async throws {
        let store = InMemoryStore()
        let jobs = Jobs(store: store, clock: clock)
        let failing = try await jobs.create(pr: 1)
        let skipped = try await jobs.create(pr: 2)
        let handler = ProbeHandler { job, _ in job.id == failing.id ? .failed(error: "bad config") : .skipped(reason: "draft") }
        let (scheduler, _) = makeScheduler(store: store, clock: clock, handler: handler, workers: 2)
        try await scheduler.start()
        #expect(try await waitUntil {
            let counts = try await store.jobCounts()
            return counts[.failed] == 1 && counts[.skipped] == 1
        })
        #expect(try await store.job(id: failing.id)?.error == "bad config")
        #expect(try await store.job(id: failing.id)?.attempts == 1)
        #expect(try await store.job(id: skipped.id)?.reason == "draft")
        await scheduler.drain(grace: .seconds(1))
    }
}
