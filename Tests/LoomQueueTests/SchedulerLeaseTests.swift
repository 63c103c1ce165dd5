// SchedulerLeaseTests: leases across two schedulers sharing a store — renewal, rescue of a dead worker's job, operator cancel.

import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct SchedulerLeaseTests {
    let clock = ManualClock()

    @Test(arguments: StoreKind.allCases)
    func deadWorkersJobIsRescuedAndRunByAnotherScheduler(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let store = opened.store
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        // Worker A hangs and never renews (its maintenance interval is an hour): as good as dead.
        let hanging = ProbeHandler(runUntilStopped)
        let (a, _) = makeScheduler(store: store, clock: clock, handler: hanging, workerID: "worker-a")
        try await a.start()
        #expect(try await waitUntil { try await store.job(id: job.id)?.leaseOwner == "worker-a" })

        let healthy = ProbeHandler()
        let (b, _) = makeScheduler(store: store, clock: clock, handler: healthy, workerID: "worker-b")
        try await b.start()
        await b.rescueExpiredLeases()
        #expect(try await store.job(id: job.id)?.status == .processing)  // lease still valid

        clock.advance(by: .seconds(31))
        await b.rescueExpiredLeases()
        #expect(try await waitUntil { try await store.job(id: job.id)?.status == .completed })
        #expect(healthy.runs(of: job.id) == 1)
        #expect(try await store.job(id: job.id)?.attempts == 2)

        // A wakes up: its renewal finds the job gone, stops the handler, and its result is dropped.
        await a.renewLeases()
        #expect(await waitUntil { hanging.running == 0 })
        #expect(hanging.stopReason(of: job.id) == .leaseLost)
        #expect(await waitUntil { await a.runningJobIDs.isEmpty })
        #expect(try await store.job(id: job.id)?.status == .completed)
        await a.drain(grace: .seconds(1))
        await b.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases)
    func renewedLeasesOutliveTheirFirstExpiry(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let store = opened.store
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let (a, _) = makeScheduler(store: store, clock: clock, handler: ProbeHandler(runUntilStopped), workerID: "worker-a")
        let (b, _) = makeScheduler(store: store, clock: clock, handler: ProbeHandler(), workerID: "worker-b")
        // B starts only once A holds the job: both queues offer it, and B must not take it first.
        try await a.start()
        #expect(await waitUntil { await a.runningJobIDs == [job.id] })
        try await b.start()
        for _ in 0..<4 {
            clock.advance(by: .seconds(20))
            await a.renewLeases()
            await b.rescueExpiredLeases()
        }
        let held = try #require(try await store.job(id: job.id))
        #expect(held.status == .processing && held.leaseOwner == "worker-a")
        #expect(held.leaseExpiresAt == clock.wallNanoseconds() + 30_000_000_000)
        await a.drain(grace: .zero)
        #expect(try await store.job(id: job.id)?.status == .queued)
        await b.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func jobWhoseWorkerKeepsDyingEndsFailedWithoutRunningAgain() async throws {
        let store = InMemoryStore()
        let job = try await Jobs(store: store, clock: clock).create(pr: 1, maxAttempts: 1)
        let (a, _) = makeScheduler(store: store, clock: clock, handler: ProbeHandler(runUntilStopped), workerID: "worker-a")
        try await a.start()
        #expect(try await waitUntil { try await store.job(id: job.id)?.leaseOwner == "worker-a" })
        clock.advance(by: .seconds(31))
        let healthy = ProbeHandler()
        let (b, _) = makeScheduler(store: store, clock: clock, handler: healthy, workerID: "worker-b")
        try await b.start()  // rescues at start
        #expect(try await waitUntil { try await store.job(id: job.id)?.status == .failed })
        #expect(healthy.runs(of: job.id) == 0)
        #expect(try await store.job(id: job.id)?.error == InMemoryStore.leaseExpiredError)
        await a.drain(grace: .zero)
        await b.drain(grace: .seconds(1))
    }

    @Test(arguments: StoreKind.allCases)
    func operatorCancelStopsARunningJob(kind: StoreKind) async throws {
        let opened = try await kind.open(clock: clock)
        let store = opened.store
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let sawCancel = Locked(false)
        let handler = ProbeHandler { job, context in
            let outcome = await runUntilStopped(job, context)
            sawCancel.update { $0 = context.isCancelled }
            return outcome
        }
        let (scheduler, _) = makeScheduler(store: store, clock: clock, handler: handler)
        try await scheduler.start()
        #expect(await waitUntil { handler.running == 1 })
        let cancelled = try #require(try await scheduler.cancel(jobID: job.id, reason: "cancelled by operator"))
        #expect(cancelled.status == .cancelled)
        #expect(await waitUntil { handler.running == 0 })
        #expect(handler.stopReason(of: job.id) == .cancelled)
        #expect(sawCancel.value)
        #expect(await waitUntil { await scheduler.runningJobIDs.isEmpty })
        let final = try #require(try await store.job(id: job.id))
        #expect(final.status == .cancelled && final.reason == "cancelled by operator" && final.leaseOwner == nil)
        #expect(try await scheduler.cancel(jobID: job.id) == nil)  // already final
        await scheduler.drain(grace: .seconds(1))
        await opened.close()
    }

    @Test func cancelFromAnotherProcessIsNoticedAtTheNextRenewal() async throws {
        let store = InMemoryStore()
        let job = try await Jobs(store: store, clock: clock).create(pr: 1)
        let handler = ProbeHandler(runUntilStopped)
        let (scheduler, _) = makeScheduler(store: store, clock: clock, handler: handler)
        try await scheduler.start()
        #expect(await waitUntil { handler.running == 1 })
        // `loom jobs cancel` in another process writes the store only.
        _ = try await store.cancelJob(id: job.id, reason: "cancelled", now: clock.wallNanoseconds())
        await scheduler.renewLeases()
        #expect(await waitUntil { handler.running == 0 })
        #expect(try await store.job(id: job.id)?.status == .cancelled)
        await scheduler.drain(grace: .seconds(1))
    }
}
