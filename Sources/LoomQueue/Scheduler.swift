// Scheduler: runs queued jobs on WORKERS concurrent workers — claim, run, settle — with leases, retries and drain.

public import CoreMetrics
public import LoomCore
public import LoomStore
public import Logging

/// Takes jobs from a `JobQueue`, claims them in the `Store` and runs them through a `JobHandler`,
/// at most `configuration.workers` at a time.
///
/// - Concurrency: exactly `workers` worker loops, each running one handler at a time, so the bound
///   holds by construction. An idle loop waits inside `queue.next()`, which `enqueue` resumes
///   directly. A job's result is written while its worker already claims the next job.
/// - Leases: a claim holds the job for `leaseDuration`; a maintenance task renews the leases of all
///   running jobs every `renewInterval` in one store call, and cancels any job whose lease was lost.
/// - Outcomes: `retry` goes back to `queued` with a `RetryPolicy` run-at until `maxAttempts`, then
///   ends `failed` (the dead-letter state). All time comes from the injected `Clock`.
/// - Shutdown: `drain(grace:)` stops taking jobs, lets running ones finish for the grace period,
///   then cancels them and puts their jobs back to `queued`.
///
/// Actor state is only the bookkeeping (running jobs, tasks, phase); the per-job path runs
/// `nonisolated` and touches the actor twice, to register the job and to forget it once its
/// result is written (until then its lease keeps being renewed).
public actor Scheduler {
    enum Phase { case idle, running, draining, interrupting, stopped }

    struct RunningJob {
        let task: Task<JobOutcome, Never>
        let control: JobControl
    }

    let store: any Store
    let queue: any JobQueue
    let handler: any JobHandler
    let clock: any Clock
    /// How this scheduler runs jobs.
    public let configuration: SchedulerConfiguration
    let logger: Logger
    let metrics: QueueMetrics

    var phase = Phase.idle
    var running: [String: RunningJob] = [:]
    var workerLoops: [Task<Void, Never>] = []
    var maintenance: [Task<Void, Never>] = []

    /// A scheduler over `store` and `queue`; nothing runs until `start()`.
    public init(store: any Store, queue: any JobQueue, handler: any JobHandler, clock: any Clock = SystemClock(),
                configuration: SchedulerConfiguration = SchedulerConfiguration(),
                logger: Logger = Logger(label: "loom.queue"), metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.store = store
        self.queue = queue
        self.handler = handler
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.metrics = QueueMetrics(factory: metricsFactory)
    }

    /// Fills the queue, puts back jobs of workers that died, and starts the workers and the
    /// maintenance tasks (lease renewal, rescue, promotion of due retries).
    public func start() async throws {
        guard phase == .idle else { return }
        try await queue.start()
        phase = .running
        await rescueExpiredLeases()
        if configuration.reconcileInterval != nil { await reconcileQueue() }
        for _ in 0..<configuration.workers {
            workerLoops.append(Task.detached { [self] in await workerLoop() })
        }
        maintenance = [
            repeating(every: configuration.renewInterval) { await $0.renewLeases() },
            repeating(every: configuration.rescueInterval) { await $0.rescueExpiredLeases() },
            Task.detached { [self] in await promotionLoop() },
        ]
        if queue.isShared, let interval = configuration.reconcileInterval {
            maintenance.append(repeating(every: interval) { await $0.reconcileQueue() })
        }
    }

    /// Ids of the jobs running on this scheduler now.
    public var runningJobIDs: [String] { Array(running.keys) }

    // MARK: Worker path (nonisolated)

    /// A run's result waiting to be written.
    struct Settlement: Sendable {
        let job: Job
        let result: JobResult
        let delivery: QueueDelivery
    }

    /// One worker: take the next ready job, run it, repeat until cancelled (drain) or the queue closes.
    ///
    /// A job's result is written while the worker already claims and runs the next one (at most
    /// one write outstanding per worker): the claim and the previous result then share one group
    /// commit in the SQL stores, instead of each worker paying two commit latencies per job.
    nonisolated func workerLoop() async {
        var settling: Task<Void, Never>?
        while !Task.isCancelled {
            let delivery: QueueDelivery?
            do {
                delivery = try await queue.next()
            } catch {
                logger.error("queue unavailable", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.storeErrorDelay)
                continue
            }
            guard let delivery else { break }
            if Task.isCancelled {
                try? await queue.release(delivery)
                break
            }
            // Tasks of their own that are never cancelled: a drain cancels this loop to stop its
            // waiting, and that must not interrupt the store writes of a job.
            let settlement = await Task.detached { [self] in await run(delivery) }.value
            await settling?.value
            settling = settlement.map { settlement in Task.detached { [self] in await settle(settlement) } }
        }
        await settling?.value
    }

    /// Claims and runs one delivered job; returns what to write, or nil when there is nothing to
    /// write (the job was no longer claimable).
    nonisolated func run(_ delivery: QueueDelivery) async -> Settlement? {
        let now = clock.wallNanoseconds()
        let job: Job
        do {
            let leaseUntil = now &+ Int64(clamping: configuration.leaseDuration.nanosecondsClamped)
            guard let claimed = try await store.claimJob(id: delivery.jobID, owner: configuration.workerID,
                                                         leaseUntil: leaseUntil, now: now) else {
                // Cancelled, superseded or taken by another worker since it was enqueued.
                try? await queue.ack(delivery)
                return nil
            }
            job = claimed
        } catch {
            // Still `queued` in the store: try again a little later rather than drop the entry.
            logger.error("claiming a job failed", metadata: ["job_id": "\(delivery.jobID)", "error": "\(error)"])
            var item = delivery.item
            item.runAt = now &+ Int64(clamping: configuration.storeErrorDelay.nanosecondsClamped)
            try? await queue.enqueue(item)
            try? await queue.ack(delivery)
            return nil
        }
        metrics.count(.processing)
        metrics.recordLatency(nanoseconds: clock.wallNanoseconds() - delivery.readyAt)

        if job.attempts > job.maxAttempts {
            // Only rescues get here: a job whose worker keeps dying under it must not loop forever.
            let error = job.error ?? "attempts exhausted: the job's lease expired every time"
            return Settlement(job: job, result: .failed(error: error), delivery: delivery)
        }

        let started = clock.now()
        let control = JobControl()
        let context = JobContext(job: job, workerID: configuration.workerID, control: control, store: store)
        let outcome = await begin(job, context: context, control: control).value
        metrics.recordDuration(clock.now() - started, outcome: outcome)
        let result = Self.result(of: outcome, job: job, stop: control.reason, policy: configuration.retryPolicy,
                                 now: clock.wallNanoseconds())
        return Settlement(job: job, result: result, delivery: delivery)
    }

    /// Writes a settlement, then forgets the job and acknowledges its delivery. The job stays in
    /// `running` until its result is written, so its lease is renewed until then.
    nonisolated func settle(_ settlement: Settlement) async {
        await write(settlement.job, result: settlement.result)
        await end(settlement.job.id)
        try? await queue.ack(settlement.delivery)
    }

    /// Writes a run's result and re-enqueues a job sent back for a retry (at its new run-at). A
    /// store that refuses (we lost the job) or fails is logged, not retried: either someone else
    /// owns the job now, or the lease expires and the rescue puts it back.
    nonisolated func write(_ job: Job, result: JobResult) async {
        do {
            guard let finished = try await store.finishJob(id: job.id, owner: configuration.workerID, result: result,
                                                           now: clock.wallNanoseconds()) else {
                logger.info("job no longer held by this worker; result dropped", metadata: ["job_id": "\(job.id)"])
                return
            }
            // The store may turn a retry into `cancelled` (the PR moved on meanwhile): count what happened.
            metrics.count(QueueMetrics.Transition(finished.status))
            if finished.status == .queued { try await queue.enqueue(finished) }
        } catch {
            logger.error("finishing a job failed; its lease will expire and it will run again",
                         metadata: ["job_id": "\(job.id)", "error": "\(error)"])
        }
    }

    /// Registers a claimed job and starts its handler in a task of its own, so an operator cancel,
    /// a lost lease or the end of a drain can cancel just that run.
    func begin(_ job: Job, context: JobContext, control: JobControl) -> Task<JobOutcome, Never> {
        let handler = handler
        let task = Task.detached { await handler.run(job, context: context) }
        running[job.id] = RunningJob(task: task, control: control)
        if phase == .interrupting {
            // Claimed just as the drain's grace ran out.
            control.stop(.shuttingDown)
            task.cancel()
        }
        return task
    }

    func end(_ jobID: String) {
        running[jobID] = nil
    }

    /// What the store should make of a handler's outcome.
    static func result(of outcome: JobOutcome, job: Job, stop: JobStopReason?, policy: RetryPolicy, now: Int64) -> JobResult {
        switch outcome {
        case .completed:
            return .completed
        case .skipped(let reason):
            return .skipped(reason: reason)
        case .failed(let error):
            return .failed(error: error)
        case .cancelled(let reason):
            // Stopped by our own shutdown, not by anything about the job: run it again, now.
            if stop == .shuttingDown { return .retry(error: "interrupted by shutdown", retryAt: now) }
            return .cancelled(reason: reason)
        case .retry(let error, let after):
            guard job.attempts < job.maxAttempts else { return .failed(error: error) }
            var random = SystemRandomNumberGenerator()
            let delay = policy.delay(attempt: job.attempts, requested: after, random: &random)
            return .retry(error: error, retryAt: now &+ Int64(clamping: delay.nanosecondsClamped))
        }
    }
}
