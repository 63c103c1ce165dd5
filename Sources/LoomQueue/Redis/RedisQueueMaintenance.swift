// RedisQueueMaintenance: what one maintenance pass of the Redis queue did, and the dead letters it leaves.

/// The result of `RedisJobQueue.maintain()`.
public struct RedisQueueMaintenance: Sendable, Hashable {
    /// Entries whose lease expired, offered again to every consumer.
    public var reclaimed: Int
    /// Entries moved to the dead-letter stream after too many deliveries.
    public var deadLettered: Int

    public init(reclaimed: Int, deadLettered: Int) {
        self.reclaimed = reclaimed
        self.deadLettered = deadLettered
    }
}

/// An entry of the dead-letter stream (`loom:jobs:dead`): a job whose entry was delivered
/// `maxDeliveries` times and never acknowledged. The job itself is still in the store; an
/// operator can look at it and `loom jobs retry` it.
public struct RedisDeadLetter: Sendable, Hashable {
    public var jobID: String
    /// Deliveries in all, across rescues.
    public var deliveries: Int
    /// The stream it was taken from.
    public var stream: String
    /// The consumer that held it last.
    public var consumer: String
    /// Its id in the dead-letter stream.
    public var entryID: String
}
