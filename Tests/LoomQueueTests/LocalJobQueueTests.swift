// LocalJobQueueTests: ordering, delays, replacement, waking waiting workers, cancellation, and rebuild from the store.

import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct LocalJobQueueTests {
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }

    func queue(_ store: any Store = InMemoryStore()) -> LocalJobQueue {
        LocalJobQueue(store: store, clock: clock)
    }

    @Test func readyEntriesComeByPriorityThenAge() async throws {
        let queue = queue()
        let t = now
        for (id, priority, age) in [("a", 0, 3), ("b", 5, 1), ("c", 0, 1), ("d", 5, 2), ("e", -1, 0)] {
            try await queue.enqueue(QueueItem(jobID: id, priority: priority, runAt: t - Int64(age)))
        }
        var order: [String] = []
        while try await queue.depth().ready > 0, let delivery = try await queue.next() { order.append(delivery.jobID) }
        #expect(order == ["d", "b", "a", "c", "e"])  // older (earlier run-at) first within a priority
    }

    @Test func delayedEntriesWaitForTheirRunAt() async throws {
        let queue = queue()
        try await queue.enqueue(QueueItem(jobID: "later", runAt: now + 20_000_000_000))
        try await queue.enqueue(QueueItem(jobID: "soon", runAt: now + 10_000_000_000))
        #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 2))
        #expect(try await queue.promoteDue(now: now) == now + 10_000_000_000)
        clock.advance(by: .seconds(10))
        #expect(try await queue.promoteDue(now: now) == now + 10_000_000_000)
        #expect(try await queue.depth() == QueueDepth(ready: 1, delayed: 1))
        let delivery = try #require(try await queue.next())
        #expect(delivery.jobID == "soon")
        #expect(delivery.readyAt == now)  // ready since its run-at
        clock.advance(by: .seconds(10))
        // `next` promotes what is due by itself too.
        #expect(try await queue.next()?.jobID == "later")
        #expect(try await queue.depth().total == 0)
    }

    @Test func reEnqueuingAnIdReplacesItsEntry() async throws {
        let queue = queue()
        try await queue.enqueue(QueueItem(jobID: "x", runAt: now + 60_000_000_000))
        try await queue.enqueue(QueueItem(jobID: "x", priority: 1, runAt: now))
        try await queue.enqueue(QueueItem(jobID: "y", runAt: now))
        #expect(try await queue.depth() == QueueDepth(ready: 2, delayed: 0))
        #expect(try await queue.next()?.item == QueueItem(jobID: "x", priority: 1, runAt: now))
        #expect(try await queue.next()?.jobID == "y")
        clock.advance(by: .seconds(120))
        #expect(try await queue.promoteDue(now: now) == nil)
        #expect(try await queue.depth().total == 0)
    }

    @Test func enqueueResumesAWaitingWorkerDirectly() async throws {
        let queue = queue()
        let waiting = Task { try await queue.next() }
        try await Task.sleep(for: .milliseconds(50))  // let it park on its continuation
        let before = SystemClock().now()
        queue.enqueueNow(QueueItem(jobID: "wake", runAt: now))
        let delivery = try await waiting.value
        #expect(delivery?.jobID == "wake")
        // Generous: the point is "no polling interval", not a benchmark.
        #expect(SystemClock().now() - before < .seconds(20))
        #expect(try await queue.depth().total == 0)
    }

    @Test func cancellingAWaitingWorkerReturnsNilAndLosesNothing() async throws {
        let queue = queue()
        let waiting = Task { try await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(try await waiting.value == nil)
        try await queue.enqueue(QueueItem(jobID: "kept", runAt: now))
        #expect(try await queue.next()?.jobID == "kept")
        // Cancelled before it even waits: returns at once.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await queue.next()
        }
        #expect(try await early.value == nil)
    }

    @Test func closeWakesEveryWaiter() async throws {
        let queue = queue()
        let waiters = (0..<3).map { _ in Task { try await queue.next() } }
        try await Task.sleep(for: .milliseconds(20))
        await queue.close()
        for waiter in waiters { #expect(try await waiter.value == nil) }
        #expect(try await queue.next() == nil)
    }

    @Test func startLoadsEveryQueuedJobFromTheStore() async throws {
        let store = InMemoryStore()
        let jobs = Jobs(store: store, clock: clock)
        let ready = try await jobs.create(pr: 1, priority: 1)
        let delayed = try await jobs.create(pr: 2, at: now + 5_000_000_000)
        let running = try await jobs.create(pr: 3)
        _ = try await store.claimJob(id: running.id, owner: "w", leaseUntil: now + 1, now: now)
        let cancelled = try await jobs.create(pr: 4)
        _ = try await store.cancelJob(id: cancelled.id, reason: "x", now: now)
        let queue = queue(store)
        try await queue.start()
        #expect(try await queue.depth() == QueueDepth(ready: 1, delayed: 1))
        #expect(try await queue.next()?.jobID == ready.id)
        clock.advance(by: .seconds(5))
        #expect(try await queue.next()?.jobID == delayed.id)
    }

    @Test func everyEntryIsDeliveredExactlyOnceUnderContention() async throws {
        let queue = queue()
        let count = 2_000
        let received = Locked<[String]>([])
        let t = now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let delivery = try await queue.next() {
                        received.update { $0.append(delivery.jobID) }
                    }
                }
            }
            for producer in 0..<2 {
                group.addTask {
                    for index in 0..<(count / 2) {
                        queue.enqueueNow(QueueItem(jobID: "\(producer)-\(index)", priority: index % 3, runAt: t))
                        if index % 64 == 0 { await Task.yield() }
                    }
                }
            }
            #expect(await waitUntil { received.value.count == count })
            await queue.close()
            try await group.waitForAll()
        }
        let ids = received.value
        #expect(ids.count == count)
        #expect(Set(ids).count == count)
    }
}
