// RedisJobQueueTests: enqueue → next → ack, priorities, delays, release, depth, close and cancellation on real Redis.

import LoomCore
import LoomQueue
import LoomRedis
import LoomTestSupport
import Synchronization
import Testing

@Suite("Redis job queue", .enabled(if: TestRedis.isAvailable))
struct RedisJobQueueTests {
    let prefix = TestRedis.uniquePrefix("queue")
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }

    @Test func enqueueNextAck() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            for id in ["a", "b", "c"] { try await queue.enqueue(QueueItem(jobID: id, runAt: now)) }
            #expect(try await queue.depth() == QueueDepth(ready: 3, delayed: 0))
            let first = try #require(try await queue.next())
            #expect(first.jobID == "a")
            #expect(first.readyAt == now)
            #expect(first.receipt != nil)
            #expect(try await queue.depth() == QueueDepth(ready: 2, delayed: 0))  // handed out: no longer waiting
            try await queue.ack(first)
            #expect(try await queue.drainReady() == ["b", "c"])
            #expect(try await queue.depth().total == 0)
            // Acknowledged entries are deleted, not just acknowledged.
            #expect(try await redis.client.send("XLEN", RedisArgument(queue.keys.streams[1])) == .integer(0))
        }
    }

    @Test func higherPriorityBandsFirst() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            for (id, priority) in [("low", -3), ("normal-1", 0), ("high", 7), ("normal-2", 0), ("also-high", 1)] {
                try await queue.enqueue(QueueItem(jobID: id, priority: priority, runAt: now))
            }
            #expect(try await queue.drainReady() == ["high", "also-high", "normal-1", "normal-2", "low"])
        }
    }

    @Test func aWaitingNextWakesOnEnqueue() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let waiter = Task { try await queue.next() }
            try await Task.sleep(for: .milliseconds(150))
            try await queue.enqueue(QueueItem(jobID: "late", priority: -1, runAt: now))
            let delivery = try #require(try await waiter.value)
            #expect(delivery.jobID == "late")
            #expect(delivery.item.priority == -1)
            try await queue.ack(delivery)
        }
    }

    @Test func delayedEntriesArePromotedWhenDue() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let soon = now + 10_000_000_000 + 1  // not on a millisecond: promotion must round up, never early
            try await queue.enqueue(QueueItem(jobID: "later", runAt: now + 20_000_000_000))
            try await queue.enqueue(QueueItem(jobID: "soon", priority: 2, runAt: soon))
            #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 2))
            let earliest = try #require(try await queue.promoteDue(now: now))
            #expect(earliest >= soon && earliest - soon < 1_000_000)
            clock.advance(by: .seconds(10))
            _ = try await queue.promoteDue(now: now)
            #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 2))  // 1 ns short
            clock.advance(by: .milliseconds(1))
            _ = try await queue.promoteDue(now: now)
            #expect(try await queue.depth() == QueueDepth(ready: 1, delayed: 1))
            let delivery = try #require(try await queue.next())
            #expect(delivery.item == QueueItem(jobID: "soon", priority: 2, runAt: soon))
            #expect(delivery.readyAt == soon)  // ready since its run-at
            try await queue.ack(delivery)
            // Re-enqueuing a delayed id replaces it.
            try await queue.enqueue(QueueItem(jobID: "later", runAt: now + 5_000_000_000))
            #expect(try await queue.depth() == QueueDepth(ready: 0, delayed: 1))
            clock.advance(by: .seconds(5))
            #expect(try await queue.promoteDue(now: now) == nil)
            #expect(try await queue.drainReady() == ["later"])
        }
    }

    @Test func twoReplicasNeverPromoteTheSameEntryTwice() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let first = try await redis.queue(prefix: prefix, clock: clock)
            let second = try await redis.queue(prefix: prefix, clock: clock)
            for index in 0..<300 { try await first.enqueue(QueueItem(jobID: "d\(index)", runAt: now + 1_000_000_000)) }
            clock.advance(by: .seconds(2))
            let at = now
            async let a = first.promoteDue(now: at)
            async let b = second.promoteDue(now: at)
            _ = try await (a, b)
            #expect(try await first.depth() == QueueDepth(ready: 300, delayed: 0))
            let ids = try await first.drainReady()
            #expect(ids.count == 300 && Set(ids).count == 300)
        }
    }

    @Test func releaseGivesTheEntryBack() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let other = try await redis.queue(prefix: prefix, clock: clock)
            try await queue.enqueue(QueueItem(jobID: "x", runAt: now))
            let delivery = try #require(try await queue.next())
            try await queue.release(delivery)
            let again = try #require(try await other.next())
            #expect(again.jobID == "x" && again.receipt != delivery.receipt)
            try await other.ack(again)
            #expect(try await queue.depth().total == 0)
        }
    }

    @Test func closeWakesAWaitingNext() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock) { $0.blockTimeout = .seconds(30) }
            let clock = SystemClock()
            let waiter = Task { try await queue.next() }
            try await Task.sleep(for: .milliseconds(150))
            let started = clock.now()
            await queue.close()
            #expect(try await waiter.value == nil)
            #expect(clock.now() - started < .seconds(2))
            #expect(try await queue.next() == nil)
        }
    }

    @Test func cancellingTheTaskEndsAWaitingNext() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock) { $0.blockTimeout = .seconds(30) }
            let waiter = Task { try await queue.next() }
            try await Task.sleep(for: .milliseconds(150))
            waiter.cancel()
            #expect(try await waiter.value == nil)
            // The queue itself still works.
            try await queue.enqueue(QueueItem(jobID: "after", runAt: now))
            #expect(try await queue.next()?.jobID == "after")
        }
    }

    @Test func twoConsumersNeverGetTheSameEntry() async throws {
        try await withRedis(loops: 2, commandConnections: 2) { (redis: RedisHarness) async throws in
            let queues = [try await redis.queue(prefix: prefix, consumer: "a", clock: clock),
                          try await redis.queue(prefix: prefix, consumer: "b", clock: clock)]
            let count = 400
            let taken = RedisCollector<String>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    let queue = queues[worker % 2]
                    group.addTask {
                        while let delivery = try await queue.next(within: .seconds(2)) {
                            taken.append(delivery.jobID)
                            try await queue.ack(delivery)
                        }
                    }
                }
                for index in 0..<count { try await queues[index % 2].enqueue(QueueItem(jobID: "j\(index)", runAt: now)) }
                try await group.waitForAll()
            }
            let ids = taken.values
            #expect(ids.count == count)
            #expect(Set(ids).count == count)
        }
    }

    @Test func entryFromAReplicaWithAFastClockWaitsUntilDueHere() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let fast = ManualClock(wallNanoseconds: clock.wallNanoseconds() + 300_000_000)
            let ahead = try await redis.queue(prefix: prefix, clock: fast)
            let here = try await redis.queue(prefix: prefix, clock: clock)
            try await ahead.enqueue(QueueItem(jobID: "early", runAt: fast.wallNanoseconds()))
            // 300 ms ahead of this replica's clock: too early to claim here, so it is held back…
            let task = Task { try await here.next() }
            try await Task.sleep(for: .milliseconds(100))
            clock.advance(by: .milliseconds(300))
            let delivery = try #require(try await task.value)
            #expect(delivery.jobID == "early")
            #expect(delivery.item.runAt <= clock.wallNanoseconds())
        }
    }
}
