// SchedulerConfiguration: worker count, lease timing, maintenance intervals and retry policy of a Scheduler.

#if canImport(Glibc)
import Glibc
#endif

/// How a `Scheduler` runs jobs.
public struct SchedulerConfiguration: Sendable {
    /// The lease owner written on claimed jobs: unique per process, so two processes (or two
    /// schedulers in a test) never renew or finish each other's jobs.
    public var workerID: String
    /// Jobs run concurrently (`WORKERS`).
    public var workers: Int
    /// How long a claim lasts without renewal (`LOOM_JOB_LEASE_SECONDS`).
    public var leaseDuration: Duration
    /// How often the leases of running jobs are extended; well under `leaseDuration`, so one late
    /// renewal on a loaded machine does not lose a job.
    public var renewInterval: Duration
    /// How often jobs whose leases expired (their worker died) are put back in the queue.
    public var rescueInterval: Duration
    /// The longest wait before a due delayed entry (a retry) moves to the ready set.
    public var promoteInterval: Duration
    public var retryPolicy: RetryPolicy
    /// During a drain, how long handlers get to return after being cancelled at the end of the
    /// grace period, before the scheduler puts their jobs back itself.
    public var interruptGrace: Duration
    /// How long a job waits before another try when the store failed to claim it.
    public var storeErrorDelay: Duration
    /// How often a shared queue is reconciled with the store (`Scheduler.reconcileQueue`); nil
    /// turns reconciliation off (a benchmark measuring the queue alone on a shared database).
    public var reconcileInterval: Duration?
    /// A job ready this long in the store while the shared queue is empty lost its entry.
    public var reconcileAfter: Duration
    /// Jobs enqueued per reconciliation at most.
    public var reconcileLimit: Int

    /// Defaults follow SPEC §2 and §6: 3 workers, a 30 s lease renewed every 10 s.
    public init(workerID: String = SchedulerConfiguration.makeWorkerID(), workers: Int = 3,
                leaseDuration: Duration = .seconds(30), renewInterval: Duration? = nil, rescueInterval: Duration? = nil,
                promoteInterval: Duration = .seconds(1), retryPolicy: RetryPolicy = RetryPolicy(),
                interruptGrace: Duration = .seconds(5), storeErrorDelay: Duration = .seconds(1),
                reconcileInterval: Duration? = .seconds(10), reconcileAfter: Duration = .seconds(30), reconcileLimit: Int = 10_000) {
        self.workerID = workerID
        self.workers = max(1, workers)
        self.leaseDuration = max(leaseDuration, .seconds(1))
        self.renewInterval = renewInterval ?? self.leaseDuration / 3
        self.rescueInterval = rescueInterval ?? self.leaseDuration / 2
        self.promoteInterval = promoteInterval
        self.retryPolicy = retryPolicy
        self.interruptGrace = interruptGrace
        self.storeErrorDelay = storeErrorDelay
        self.reconcileInterval = reconcileInterval
        self.reconcileAfter = reconcileAfter
        self.reconcileLimit = max(1, reconcileLimit)
    }

    /// `hostname:pid:random` — readable in `loom jobs show`, and unique even across restarts that
    /// reuse a pid.
    public static func makeWorkerID() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "loom"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(host):\(getpid()):\(suffix)"
    }
}
