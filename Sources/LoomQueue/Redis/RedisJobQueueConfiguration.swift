// RedisJobQueueConfiguration: key names, consumer identity, lease and delivery limits of the Redis queue.

/// How a `RedisJobQueue` lays out its keys and treats its entries.
public struct RedisJobQueueConfiguration: Sendable {
    /// Prefix of every key (`loom:` → `loom:jobs:high`, …); tests use a unique one each.
    public var keyPrefix: String
    /// The one consumer group all replicas share.
    public var group: String
    /// This process's consumer name in the group: its worker id, unique per process.
    public var consumer: String
    /// `LOOM_JOB_LEASE_SECONDS`: an entry pending this long without renewal is taken from its
    /// consumer (presumed dead) and offered again. Running entries are renewed well before.
    public var leaseDuration: Duration
    /// Deliveries after which an entry whose consumers keep vanishing goes to the dead-letter stream.
    public var maxDeliveries: Int
    /// How long one blocking read waits before `next()` looks again (it also wakes on close).
    public var blockTimeout: Duration
    /// `XADD … MAXLEN ~`: a memory cap per stream. Handled entries are deleted, so a stream holds
    /// only waiting and running entries; the cap only bites on a runaway backlog.
    public var maxStreamLength: Int
    /// `MAXLEN ~` of the dead-letter stream.
    public var maxDeadLetterLength: Int
    /// How long a pull request's "newest job" mark lives after its last enqueue.
    public var coalescingTTL: Duration
    /// A queued job is skipped as superseded only when its pull request's newest job was created
    /// at least this much later, so clock skew between replicas can never drop the newest head.
    public var coalescingMargin: Duration
    /// How often `promoteDue` also renews this process's running entries and rescues expired ones.
    public var maintenanceInterval: Duration
    /// An entry whose run-at is still ahead of this process's clock by at most this much is held
    /// until due (clocks of replicas differ slightly; the store refuses a claim before run-at);
    /// further ahead, it goes back to the delayed set.
    public var earlyDeliveryWait: Duration
    /// Entries moved per script call (promotion, rescue), bounding how long Redis is busy.
    public var batchSize: Int

    public init(consumer: String, keyPrefix: String = "loom:", group: String = "loom-workers",
                leaseDuration: Duration = .seconds(30), maxDeliveries: Int = 5, blockTimeout: Duration = .seconds(5),
                maxStreamLength: Int = 1_000_000, maxDeadLetterLength: Int = 10_000,
                coalescingTTL: Duration = .seconds(86_400), coalescingMargin: Duration = .seconds(5),
                maintenanceInterval: Duration? = nil, earlyDeliveryWait: Duration = .seconds(2), batchSize: Int = 100) {
        self.consumer = consumer
        self.keyPrefix = keyPrefix
        self.group = group
        self.leaseDuration = max(leaseDuration, .milliseconds(100))
        self.maxDeliveries = max(1, maxDeliveries)
        self.blockTimeout = max(blockTimeout, .milliseconds(10))
        self.maxStreamLength = max(1_000, maxStreamLength)
        self.maxDeadLetterLength = max(100, maxDeadLetterLength)
        self.coalescingTTL = coalescingTTL
        self.coalescingMargin = coalescingMargin
        self.maintenanceInterval = maintenanceInterval ?? self.leaseDuration / 3
        self.earlyDeliveryWait = earlyDeliveryWait
        self.batchSize = max(1, batchSize)
    }
}
