// JobQueue: how job ids travel from the ingress to workers — the embedded queue now, Redis Streams later.

public import LoomCore

/// A queue of job ids. The store holds the jobs and is the source of truth; a queue only says which
/// job to look at next, so losing or duplicating an entry never loses or doubles a review: a worker
/// claims the job in the store (`Store.claimJob`) and skips it when the claim fails.
///
/// Shaped for two implementations: `LocalJobQueue` (in-process heap, rebuilt from the store at
/// start) and a Redis Streams queue shared by many processes (`XADD` on enqueue, a sorted set of
/// delayed entries, `XREADGROUP` for `next`, `XACK` for `ack`).
public protocol JobQueue: Sendable {
    /// The `queue` label of `loom_queue_depth` (`local`, `redis`).
    var name: String { get }

    /// Prepares the queue before workers consume it (the local queue loads the store's queued jobs).
    func start() async throws

    /// Adds a job (after it is durably stored): ready now, or delayed until `item.runAt`.
    /// Enqueuing an id that is already waiting replaces its entry (the local queue) or adds a
    /// second one (harmless: only one claim succeeds).
    func enqueue(_ item: QueueItem) async throws

    /// Adds a stored job. The default enqueues its `QueueItem`; a shared queue also uses the job's
    /// pull request and age (per-PR coalescing).
    func enqueue(_ job: Job) async throws

    /// Waits for the next ready job, highest priority first, then oldest. Returns nil when the
    /// queue is closed or the calling task is cancelled (how a draining worker stops waiting).
    func next() async throws -> QueueDelivery?

    /// Says the delivery was handled (whatever became of the job), so it is not handed out again.
    func ack(_ delivery: QueueDelivery) async throws

    /// Gives back a delivery its worker will not handle (it was told to stop just as the entry
    /// arrived), so another worker gets it.
    func release(_ delivery: QueueDelivery) async throws

    /// Moves delayed entries whose run-at is ≤ `now` to the ready set. Returns the earliest run-at
    /// still delayed, so a caller can sleep until then.
    @discardableResult
    func promoteDue(now: Int64) async throws -> Int64?

    /// How many entries are waiting.
    func depth() async throws -> QueueDepth

    /// Wakes every waiting `next()` with nil and refuses to hand out more.
    func close() async

    /// True for a queue kept outside this process (Redis), whose entries can go missing without
    /// the store knowing: a crash between the store's commit and the enqueue, or a server that
    /// lost its data. The scheduler then reconciles the queue with the store from time to time.
    var isShared: Bool { get }

    /// True for exactly one caller after the queue lost its contents (or on its very first use),
    /// who then re-enqueues every queued job of the store. Always false for an in-process queue,
    /// which rebuilds itself at `start()`.
    func claimRebuild() async throws -> Bool
}

extension JobQueue {
    /// Enqueues a stored job with its priority and run-at.
    public func enqueue(_ job: Job) async throws {
        try await enqueue(QueueItem(job))
    }

    public var isShared: Bool { false }

    public func claimRebuild() async throws -> Bool { false }
}

/// One entry of a queue: which job, how urgent, and not before when.
public struct QueueItem: Hashable, Sendable {
    public var jobID: String
    /// Higher runs first.
    public var priority: Int
    /// Wall-clock nanoseconds before which the job must not start.
    public var runAt: Int64

    public init(jobID: String, priority: Int = 0, runAt: Int64) {
        self.jobID = jobID
        self.priority = priority
        self.runAt = runAt
    }

    /// The entry for a stored job.
    public init(_ job: Job) {
        self.init(jobID: job.id, priority: job.priority, runAt: job.runAt)
    }
}

/// A ready entry handed to a worker.
public struct QueueDelivery: Hashable, Sendable {
    public var item: QueueItem
    /// Wall-clock nanoseconds since which the entry was ready (enqueue time, or its run-at when
    /// it was delayed): the start of `loom_queue_latency_seconds`.
    public var readyAt: Int64
    /// What `ack` needs to find the entry again (a Redis stream message id); nil for the local queue.
    public var receipt: String?

    public init(item: QueueItem, readyAt: Int64, receipt: String? = nil) {
        self.item = item
        self.readyAt = readyAt
        self.receipt = receipt
    }

    public var jobID: String { item.jobID }
}

/// Waiting entries, split by whether they may start now.
public struct QueueDepth: Hashable, Sendable {
    public var ready: Int
    public var delayed: Int

    public init(ready: Int, delayed: Int) {
        self.ready = ready
        self.delayed = delayed
    }

    public var total: Int { ready + delayed }
}
