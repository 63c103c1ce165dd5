// RedisQueueLeaseTests: entries of a dead consumer come back after the lease, renewal keeps live ones, dead letters.

import LoomCore
import LoomQueue
import LoomRedis
import LoomTestSupport
import Testing

@Suite("Redis queue leases", .enabled(if: TestRedis.isAvailable))
struct RedisQueueLeaseTests {
    let prefix = TestRedis.uniquePrefix("lease")
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }
    let lease = Duration.milliseconds(400)

    @Test func entriesOfADeadConsumerAreRescuedAfterTheLease() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let dying = try await redis.queue(prefix: prefix, consumer: "dying", clock: clock) { $0.leaseDuration = lease }
            let survivor = try await redis.queue(prefix: prefix, consumer: "survivor", clock: clock) { $0.leaseDuration = lease }
            try await survivor.enqueue(QueueItem(jobID: "orphan", runAt: now))
            let taken = try #require(try await dying.next())
            #expect(taken.jobID == "orphan")
            await dying.close()  // dies holding the entry: never acknowledged, never renewed

            #expect(try await survivor.maintain() == RedisQueueMaintenance(reclaimed: 0, deadLettered: 0))
            #expect(try await survivor.next(within: .milliseconds(100)) == nil)
            try await Task.sleep(for: lease + .milliseconds(100))
            // A blocked reader is woken by the rescue (the entry is re-added, not claimed to one consumer).
            let waiter = Task { try await survivor.next() }
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await survivor.maintain() == RedisQueueMaintenance(reclaimed: 1, deadLettered: 0))
            let rescued = try #require(try await waiter.value)
            #expect(rescued.jobID == "orphan")
            try await survivor.ack(rescued)
            #expect(try await survivor.depth().total == 0)
        }
    }

    @Test func renewalKeepsALongRunningEntry() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let busy = try await redis.queue(prefix: prefix, consumer: "busy", clock: clock) { $0.leaseDuration = lease }
            let other = try await redis.queue(prefix: prefix, consumer: "other", clock: clock) { $0.leaseDuration = lease }
            try await busy.enqueue(QueueItem(jobID: "long", runAt: now))
            let delivery = try #require(try await busy.next())
            for _ in 0..<6 {  // 1.2 s: three leases
                try await Task.sleep(for: .milliseconds(200))
                _ = try await busy.maintain()
                #expect(try await other.maintain().reclaimed == 0)
            }
            try await busy.ack(delivery)
            #expect(try await other.next(within: .milliseconds(200)) == nil)
        }
    }

    @Test func promoteDueRunsMaintenanceOnItsInterval() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let dying = try await redis.queue(prefix: prefix, consumer: "d", clock: clock) { $0.leaseDuration = lease }
            let worker = try await redis.queue(prefix: prefix, consumer: "w", clock: clock) {
                $0.leaseDuration = lease
                $0.maintenanceInterval = .seconds(1)
            }
            try await worker.enqueue(QueueItem(jobID: "lost", runAt: now))
            _ = try #require(try await dying.next())
            _ = try await worker.promoteDue(now: now)  // first call maintains (nothing expired yet)
            try await Task.sleep(for: lease + .milliseconds(100))
            _ = try await worker.promoteDue(now: now)  // interval (injected clock) not over: no rescue
            #expect(try await worker.next(within: .milliseconds(100)) == nil)
            clock.advance(by: .seconds(1))
            _ = try await worker.promoteDue(now: now)
            #expect(try await worker.next(within: .seconds(1))?.jobID == "lost")
        }
    }

    @Test func deadLetteredAfterMaxDeliveries() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let configure: (inout RedisJobQueueConfiguration) -> Void = {
                $0.leaseDuration = lease
                $0.maxDeliveries = 3
            }
            let janitor = try await redis.queue(prefix: prefix, consumer: "janitor", clock: clock, configure)
            try await janitor.enqueue(QueueItem(jobID: "poison", runAt: now))
            for attempt in 1...3 {
                let victim = try await redis.queue(prefix: prefix, consumer: "victim-\(attempt)", clock: clock, configure)
                let delivery = try #require(try await victim.next(within: .seconds(2)))
                #expect(delivery.jobID == "poison")
                await victim.close()
                try await Task.sleep(for: lease + .milliseconds(100))
                let pass = try await janitor.maintain()
                #expect(pass == (attempt < 3 ? RedisQueueMaintenance(reclaimed: 1, deadLettered: 0)
                                              : RedisQueueMaintenance(reclaimed: 0, deadLettered: 1)))
            }
            #expect(try await janitor.depth().total == 0)
            let dead = try await janitor.deadLetters()
            #expect(dead.count == 1)
            #expect(dead.first?.jobID == "poison")
            #expect(dead.first?.deliveries == 3)
            #expect(dead.first?.consumer == "victim-3")
            #expect(dead.first?.stream == janitor.keys.streams[1])
        }
    }
}
