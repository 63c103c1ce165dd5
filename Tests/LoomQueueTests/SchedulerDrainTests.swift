// SchedulerDrainTests: graceful shutdown — short jobs finish, long ones go back to queued and run after a restart.

import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct SchedulerDrainTests {
    let clock = ManualClock()

    @Test(arguments: StoreKind.allCases)
    func drainFinishesShortJobsAndReturnsLongOnesToTheQueue(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let store = opened.store
        let jobs = Jobs(store: store, clock: clock)
        let short = try await jobs.create(pr: 1, priority: 2)
        let long = try await jobs.create(pr: 2, priority: 1)
        let waiting = try await jobs.create(pr: 3)
        let shortGate = Latch()
        let handler = ProbeHandler { job, context in
            if job.id == short.id {
                await shortGate.wait()
                return .completed
            }
            return await runUntilStopped(job, context)
        }
        let (scheduler, queue) = makeScheduler(store: store, clock: clock, handler: handler, workers: 2)
        try await scheduler.start()
        #expect(await waitUntil { handler.running == 2 })

        let drained = Task { await scheduler.drain(grace: .milliseconds(300)) }
        try await Task.sleep(for: .milliseconds(50))
        shortGate.open()  // finishes within the grace period
        await drained.value

        #expect(try await jobs.status(short.id) == .completed)
        let returned = try #require(try await store.job(id: long.id))
        #expect(returned.status == .queued && returned.error == "interrupted by shutdown" && returned.leaseOwner == nil)
        #expect(handler.stopReason(of: long.id) == .shuttingDown)
        #expect(try await jobs.status(waiting.id) == .queued)
        #expect(handler.runs(of: waiting.id) == 0)
        #expect(await scheduler.runningJobIDs.isEmpty)

        // Stopped means stopped: a new entry is not taken.
        try await queue.enqueue(try await jobs.create(pr: 4))
        try await Task.sleep(for: .milliseconds(50))
        #expect(handler.started.count == 2)

        // The restarted process finds both unfinished jobs in the store and runs them.
        let after = ProbeHandler()
        let (restarted, _) = makeScheduler(store: store, clock: clock, handler: after, workers: 2, workerID: "worker-b")
        try await restarted.start()
        #expect(try await waitUntil { try await store.jobCounts()[.completed] == 4 })
        #expect(Set(after.started).isSuperset(of: [long.id, waiting.id]))
        await restarted.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func drainReturnsJobsWhoseHandlersIgnoreCancellation() async throws {
        let store = InMemoryStore()
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let deaf = Latch()
        let handler = ProbeHandler { _, _ in
            await deaf.wait()
            return .completed
        }
        let (scheduler, _) = makeScheduler(store: store, clock: clock, handler: handler,
                                           interruptGrace: .milliseconds(100))
        try await scheduler.start()
        #expect(await waitUntil { handler.running == 1 })
        await scheduler.drain(grace: .milliseconds(50))
        #expect(try await store.job(id: job.id)?.status == .queued)
        #expect(await scheduler.runningJobIDs.isEmpty)
        // Its late result is refused: this worker no longer holds the job.
        deaf.open()
        #expect(await waitUntil { handler.running == 0 })
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await store.job(id: job.id)?.status == .queued)
    }

    @Test func drainOfAnIdleSchedulerReturnsPromptly() async throws {
        let (scheduler, _) = makeScheduler(store: InMemoryStore(), clock: clock, handler: ProbeHandler(), workers: 3)
        try await scheduler.start()
        let wall = SystemClock()
        let start = wall.now()
        await scheduler.drain(grace: .seconds(300))
        // Far below the grace period: nothing was running, so nothing is waited for.
        #expect(wall.now() - start < .seconds(60))
        await scheduler.drain(grace: .seconds(300))  // idempotent
    }
}
