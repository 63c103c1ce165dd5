// RedisQueueTestHarness: Redis queues under a unique key prefix, jobs to enqueue, and draining helpers.

import LoomCore
import LoomQueue
import LoomRedis
import LoomTestSupport

extension RedisHarness {
    /// A started queue under `prefix` whose consumer is `consumer`.
    func queue(prefix: String, consumer: String = "worker-\(UInt32.random(in: 0...UInt32.max))",
               clock: any Clock = SystemClock(),
               _ configure: (inout RedisJobQueueConfiguration) -> Void = { _ in }) async throws -> RedisJobQueue {
        var configuration = RedisJobQueueConfiguration(consumer: consumer, keyPrefix: prefix, blockTimeout: .seconds(2))
        configure(&configuration)
        let queue = RedisJobQueue(client: client, configuration: configuration, clock: clock)
        try await queue.start()
        return queue
    }
}

/// A job of pull request `pr` as the store would hand it to `enqueue` right after ingestion.
func redisTestJob(_ id: String, pr: Int, createdAt: Int64, priority: Int = 0, attempts: Int = 0,
                  repository: String = "acme/app") -> Job {
    Job(id: id, repositoryID: 1, platform: .github, repository: repository, prNumber: pr, headSHA: "sha-\(id)",
        priority: priority, attempts: attempts, runAt: createdAt, createdAt: createdAt)
}

extension RedisJobQueue {
    /// Takes and acknowledges everything ready now, returning the job ids in order. Waiting
    /// entries may all be superseded (skipped, never handed out), so the depth alone cannot say
    /// when to stop: an empty `next` for a moment can.
    func drainReady() async throws -> [String] {
        var ids: [String] = []
        while try await depth().ready > 0, let delivery = try await next(within: .milliseconds(500)) {
            ids.append(delivery.jobID)
            try await ack(delivery)
        }
        return ids
    }

    /// `next()` with a deadline: nil if nothing came within `timeout`.
    func next(within timeout: Duration) async throws -> QueueDelivery? {
        try await withThrowingTaskGroup(of: QueueDelivery?.self) { group in
            group.addTask { try await self.next() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
