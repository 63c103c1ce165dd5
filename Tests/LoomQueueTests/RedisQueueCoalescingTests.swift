// RedisQueueCoalescingTests: per-PR coalescing: the newest head wins, and is never dropped.

import LoomCore
import LoomQueue
import LoomRedis
import LoomTestSupport
import Testing

@Suite("Redis queue coalescing", .enabled(if: TestRedis.isAvailable))
struct RedisQueueCoalescingTests {
    let prefix = TestRedis.uniquePrefix("coalesce")
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }
    let second: Int64 = 1_000_000_000

    @Test func onlyTheNewestHeadOfAPullRequestIsHandedOut() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let t = now - 60 * second
            try await queue.enqueue(redisTestJob("pr7-old", pr: 7, createdAt: t))
            try await queue.enqueue(redisTestJob("pr8", pr: 8, createdAt: t + 1 * second))
            try await queue.enqueue(redisTestJob("pr7-mid", pr: 7, createdAt: t + 10 * second))
            try await queue.enqueue(redisTestJob("pr7-new", pr: 7, createdAt: t + 20 * second))
            #expect(try await queue.drainReady() == ["pr8", "pr7-new"])
            #expect(try await queue.depth().total == 0)  // skipped entries were acknowledged and deleted
        }
    }

    @Test func enqueueOrderDoesNotMatterTheNewestCreatedWins() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let t = now - 60 * second
            // A replica enqueued the newer job first; the older one arrives late.
            try await queue.enqueue(redisTestJob("newer", pr: 3, createdAt: t + 30 * second))
            try await queue.enqueue(redisTestJob("older", pr: 3, createdAt: t))
            #expect(try await queue.drainReady() == ["newer"])
        }
    }

    @Test func jobsCreatedWithinTheMarginAreBothHandedOut() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)  // margin 5 s
            let t = now - 60 * second
            try await queue.enqueue(redisTestJob("a", pr: 4, createdAt: t))
            try await queue.enqueue(redisTestJob("b", pr: 4, createdAt: t + 2 * second))
            #expect(try await queue.drainReady() == ["a", "b"])  // clock skew could make either the newest
        }
    }

    @Test func retriesAndPlainItemsAreNeverSkipped() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let t = now - 60 * second
            try await queue.enqueue(redisTestJob("first", pr: 5, createdAt: t))
            try await queue.enqueue(redisTestJob("second", pr: 5, createdAt: t + 30 * second))
            // The older job again, as a retry (attempts 1) and as an operator retry (run-at moved).
            try await queue.enqueue(redisTestJob("first", pr: 5, createdAt: t, attempts: 1))
            var operatorRetry = redisTestJob("first-again", pr: 5, createdAt: t)
            operatorRetry.runAt = now
            try await queue.enqueue(operatorRetry)
            try await queue.enqueue(QueueItem(jobID: "plain", runAt: now))
            #expect(try await queue.drainReady() == ["second", "first", "first-again", "plain"])
        }
    }

    @Test func aBlockedReaderSkipsASupersededEntryToo() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let queue = try await redis.queue(prefix: prefix, clock: clock)
            let t = now - 60 * second
            try await queue.enqueue(redisTestJob("newest", pr: 9, createdAt: t + 30 * second))
            #expect(try await queue.drainReady() == ["newest"])
            let waiter = Task { try await queue.next() }
            try await Task.sleep(for: .milliseconds(150))
            try await queue.enqueue(redisTestJob("stale", pr: 9, createdAt: t))  // wakes the reader, which drops it
            try await Task.sleep(for: .milliseconds(150))
            try await queue.enqueue(redisTestJob("other-pr", pr: 10, createdAt: t))
            #expect(try await waiter.value?.jobID == "other-pr")
        }
    }
}
