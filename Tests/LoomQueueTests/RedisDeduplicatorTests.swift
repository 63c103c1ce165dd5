// RedisDeduplicatorTests: delivery ids shared by replicas — first, in progress, stored, forgotten, raced.

import LoomCore
import LoomQueue
import LoomRedis
import LoomTestSupport
import Testing

@Suite("Redis delivery de-duplication", .enabled(if: TestRedis.isAvailable))
struct RedisDeduplicatorTests {
    let prefix = TestRedis.uniquePrefix("dedupe")

    @Test func aStoredDeliveryIsADuplicateOnEveryReplica() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let replicaA = RedisDeduplicator(client: redis.client, keyPrefix: prefix, ttl: .seconds(60))
            let replicaB = RedisDeduplicator(client: redis.client, keyPrefix: prefix, ttl: .seconds(60))
            #expect(try await replicaA.record(platform: .github, deliveryID: "d-1") == .first)
            // Not stored yet: another replica must ask the database rather than answer "duplicate".
            #expect(try await replicaB.record(platform: .github, deliveryID: "d-1") == .inProgress)
            try await replicaA.markStored(platform: .github, deliveryID: "d-1")
            #expect(try await replicaB.record(platform: .github, deliveryID: "d-1") == .duplicate)
            // Ids are per platform.
            #expect(try await replicaB.record(platform: .gitlab, deliveryID: "d-1") == .first)
            let ttl = try await redis.client.send("TTL", RedisArgument(prefix + "delivery:github:d-1")).integer() ?? 0
            #expect(ttl > 0 && ttl <= 60)
        }
    }

    @Test func aForgottenDeliveryIsAcceptedAgain() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let deduplicator = RedisDeduplicator(client: redis.client, keyPrefix: prefix, ttl: .seconds(60))
            #expect(try await deduplicator.record(platform: .gitea, deliveryID: "d-2") == .first)
            // Storing failed: the platform's retry must get through.
            try await deduplicator.forget(platform: .gitea, deliveryID: "d-2")
            #expect(try await deduplicator.record(platform: .gitea, deliveryID: "d-2") == .first)
        }
    }

    @Test func replicasRacingOnOneIdHaveExactlyOneWinner() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let deduplicator = RedisDeduplicator(client: redis.client, keyPrefix: prefix, ttl: .seconds(60))
            let outcomes = try await withThrowingTaskGroup(of: RedisDeduplicator.Outcome.self) { group in
                for _ in 0..<20 { group.addTask { try await deduplicator.record(platform: .bitbucket, deliveryID: "race") } }
                return try await group.reduce(into: [RedisDeduplicator.Outcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .first }.count == 1)
            #expect(outcomes.filter { $0 == .inProgress }.count == 19)
        }
    }
}
