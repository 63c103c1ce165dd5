// RedisDeduplicator: webhook delivery de-duplication shared by all replicas, with SET NX EX.

public import LoomCore
public import LoomRedis

/// Remembers webhook delivery ids for a while in Redis, so a platform's redelivery reaching any
/// replica is answered without touching the database. The database's unique constraint stays
/// the final word: this only saves it work.
///
/// A key is `pending` from the first sight of a delivery until it is stored, then `stored`.
/// Only a `stored` key proves a duplicate; a `pending` one may belong to a delivery whose
/// storing is about to fail, so the caller goes on to the database, which decides. When storing
/// fails, `forget` removes the key so the platform's retry gets through.
public struct RedisDeduplicator: Sendable {
    /// What Redis knew of a delivery id.
    public enum Outcome: Sendable, Hashable {
        /// Never seen: the caller stores it, then calls `markStored` (or `forget` on failure).
        case first
        /// Another request is storing it right now; the database decides.
        case inProgress
        /// Stored before: answer "duplicate" without storing.
        case duplicate
    }

    private let client: RedisClient
    private let keys: RedisQueueKeys
    private let ttlSeconds: Int64

    /// Keys live `ttl` (default 7 days: platforms retry failed deliveries for hours, not weeks).
    public init(client: RedisClient, keyPrefix: String = "loom:", ttl: Duration = .seconds(7 * 86_400)) {
        self.client = client
        self.keys = RedisQueueKeys(prefix: keyPrefix)
        self.ttlSeconds = max(1, ttl.components.seconds)
    }

    /// `SET loom:delivery:{platform}:{id} pending NX GET EX ttl` (Redis ≥ 7): one round trip that
    /// both claims a new id and tells what an existing one's state is.
    public func record(platform: Platform, deliveryID: String) async throws -> Outcome {
        let reply = try await client.send(["SET", key(platform, deliveryID), "pending", "NX", "GET",
                                           "EX", RedisArgument(ttlSeconds)]).checked()
        if reply.isNull { return .first }
        return reply.text == "stored" ? .duplicate : .inProgress
    }

    /// The delivery is durably stored: later sightings are duplicates.
    public func markStored(platform: Platform, deliveryID: String) async throws {
        _ = try await client.send(["SET", key(platform, deliveryID), "stored", "EX", RedisArgument(ttlSeconds)]).checked()
    }

    /// Forgets a delivery id (its delivery could not be stored, so a redelivery must get through).
    public func forget(platform: Platform, deliveryID: String) async throws {
        _ = try await client.send(["DEL", key(platform, deliveryID)]).checked()
    }

    private func key(_ platform: Platform, _ deliveryID: String) -> RedisArgument {
        RedisArgument(keys.delivery(platform: platform, id: deliveryID))
    }
}
