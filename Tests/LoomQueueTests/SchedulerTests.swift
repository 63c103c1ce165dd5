// SchedulerTests: running jobs — the WORKERS bound, priorities, waking on enqueue, supersession, restart, the skipping handler.

import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct SchedulerTests {
    let clock = ManualClock()

    @Test(arguments: StoreKind.allCases)
    func skippingHandlerEndsEveryJobSkipped(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let ids = [try await jobs.create(pr: 1).id, try await jobs.create(pr: 2).id]
        let (scheduler, _) = makeScheduler(store: opened.store, clock: clock, handler: SkippingJobHandler(), workers: 2)
        try await scheduler.start()
        #expect(try await waitUntil { try await opened.store.jobCounts()[.skipped] == 2 })
        for id in ids {
            let job = try #require(try await opened.store.job(id: id))
            #expect(job.status == .skipped && job.reason == "review_engine_unavailable" && job.attempts == 1)
            #expect(job.leaseOwner == nil && job.completedAt != nil)
        }
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases)
    func concurrencyNeverExceedsWorkers(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        for pr in 1...12 { try await jobs.create(pr: pr) }
        let handler = ProbeHandler { _, _ in
            try? await Task.sleep(for: .milliseconds(15))
            return .completed
        }
        let (scheduler, _) = makeScheduler(store: opened.store, clock: clock, handler: handler, workers: 3)
        try await scheduler.start()
        #expect(try await waitUntil { try await opened.store.jobCounts()[.completed] == 12 })
        #expect(handler.record.withLock { $0.maxRunning } == 3)
        #expect(handler.started.count == 12)
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases)
    func higherPriorityRunsFirstThenOlder(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let gate = Latch()
        let blocker = try await jobs.create(pr: 100)
        let handler = ProbeHandler { job, _ in
            if job.id == blocker.id { await gate.wait() }
            return .completed
        }
        let (scheduler, queue) = makeScheduler(store: opened.store, clock: clock, handler: handler, workers: 1)
        try await scheduler.start()
        #expect(await waitUntil { handler.started == [blocker.id] })
        var expected: [(Int, String)] = []
        for (pr, priority) in [(1, 0), (2, 10), (3, 5), (4, 10), (5, 0)] {
            clock.advance(by: .milliseconds(1))
            let job = try await jobs.create(pr: pr, priority: priority)
            try await queue.enqueue(job)
            expected.append((priority, job.id))
        }
        gate.open()
        #expect(try await waitUntil { try await opened.store.jobCounts()[.completed] == 6 })
        let order = expected.enumerated().sorted { ($0.element.0, -$0.offset) > ($1.element.0, -$1.offset) }.map(\.element.1)
        #expect(handler.started == [blocker.id] + order)
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func enqueueWakesAnIdleWorkerWithoutPolling() async throws {
        let store = InMemoryStore()
        let clock = SystemClock()
        let started = Locked<Instant?>(nil)
        let handler = ProbeHandler { _, _ in
            started.update { $0 = clock.now() }
            return .completed
        }
        // Every maintenance interval is an hour: only a direct wake-up can start the job in time.
        let (scheduler, queue) = makeScheduler(store: store, clock: clock, handler: handler, workers: 2)
        try await scheduler.start()
        try await Task.sleep(for: .milliseconds(50))  // the workers are parked in `next()`
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let enqueuedAt = clock.now()
        try await queue.enqueue(job)
        // Generous for a loaded CI machine running every suite at once; a polling worker would take the hour.
        #expect(await waitUntil(timeout: .seconds(30)) { started.value != nil })
        let latency = try #require(started.value) - enqueuedAt
        #expect(latency < .seconds(30), "enqueue → start took \(latency)")
        await scheduler.drain(grace: .seconds(1))
    }

    @Test(arguments: StoreKind.allCases)
    func supersededQueuedJobNeverRuns(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let gate = Latch()
        let blocker = try await jobs.create(pr: 100)
        let handler = ProbeHandler { job, _ in
            if job.id == blocker.id { await gate.wait() }
            return .completed
        }
        let (scheduler, queue) = makeScheduler(store: opened.store, clock: clock, handler: handler, workers: 1)
        try await scheduler.start()
        #expect(await waitUntil { handler.started == [blocker.id] })
        let old = try await jobs.create(pr: 7, head: "old")
        try await queue.enqueue(old)
        let new = try await jobs.create(pr: 7, head: "new")
        try await queue.enqueue(new)
        gate.open()
        #expect(try await waitUntil { try await jobs.status(new.id) == .completed })
        #expect(handler.runs(of: old.id) == 0)
        let superseded = try #require(try await opened.store.job(id: old.id))
        #expect(superseded.status == .cancelled && superseded.reason == "superseded" && superseded.attempts == 0)
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases)
    func runningJobSeesANewerHeadAtItsNextStageBoundary(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        let handler = ProbeHandler { _, context in
            // A review checking between stages.
            while await !context.shouldStop() { try? await Task.sleep(for: .milliseconds(5)) }
            return .cancelled(reason: await context.stopReason()?.rawValue ?? "?")
        }
        let old = try await jobs.create(pr: 7, head: "old")
        let (scheduler, _) = makeScheduler(store: opened.store, clock: clock, handler: handler, workers: 2)
        try await scheduler.start()
        #expect(await waitUntil { handler.started == [old.id] })
        try await jobs.create(pr: 7, head: "new")
        #expect(try await waitUntil { try await jobs.status(old.id) == .cancelled })
        #expect(try await opened.store.job(id: old.id)?.reason == "superseded")
        #expect(handler.stopReason(of: old.id) == .stale)
        await scheduler.drain(grace: .milliseconds(100))
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases)
    func startRebuildsTheQueueFromTheStore(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let jobs = Jobs(store: opened.store, clock: clock)
        // Jobs committed before a restart: never enqueued in this process's queue.
        let ready = [try await jobs.create(pr: 1).id, try await jobs.create(pr: 2).id]
        let delayed = try await jobs.create(pr: 3, at: clock.wallNanoseconds() + 60_000_000_000)
        let handler = ProbeHandler()
        let (scheduler, queue) = makeScheduler(store: opened.store, clock: clock, handler: handler, workers: 2)
        try await scheduler.start()
        #expect(try await waitUntil { try await opened.store.jobCounts()[.completed] == 2 })
        #expect(Set(handler.started) == Set(ready))
        #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 1))
        clock.advance(by: .seconds(60))
        await scheduler.promoteDueJobs()
        #expect(try await waitUntil { try await jobs.status(delayed.id) == .completed })
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }
}
