// Scheduler+Control: operator retry and cancel, and the graceful drain at shutdown.

public import LoomCore

extension Scheduler {
    /// Operator cancel (`loom jobs cancel`): ends the job `cancelled` in the store and, when it is
    /// running here, cancels its handler (which sees `shouldStop`). Returns nil when the job is
    /// unknown or already final.
    public func cancel(jobID: String, reason: String = "cancelled") async throws -> Job? {
        let job = try await store.cancelJob(id: jobID, reason: reason, now: clock.wallNanoseconds())
        if let running = running[jobID] {
            running.control.stop(.cancelled)
            running.task.cancel()
        }
        if job != nil { metrics.count(.cancelled) }
        return job
    }

    /// Operator retry (`loom jobs retry`): a final job goes back to `queued` now and is enqueued.
    public func retry(jobID: String) async throws -> Job? {
        guard let job = try await store.retryJob(id: jobID, now: clock.wallNanoseconds()) else { return nil }
        try await queue.enqueue(job)
        return job
    }

    /// Graceful shutdown: stop taking jobs, wait up to `grace` for running ones, then cancel the
    /// rest and put them back to `queued` (run again later, not lost). Returns when no job of
    /// this scheduler is running; the maintenance tasks are stopped last, so leases stay renewed
    /// while jobs finish. A second call while a drain is under way returns at once.
    public func drain(grace: Duration) async {
        guard phase == .running else {
            if phase == .idle { phase = .stopped }
            return
        }
        phase = .draining
        let loops = workerLoops
        // Idle workers leave `next()` at once; busy ones after their current job.
        for loop in loops { loop.cancel() }
        let allDone: @Sendable () async -> Void = { for loop in loops { await loop.value } }

        if await !finishes(within: grace, allDone) {
            phase = .interrupting
            logger.warning("drain grace period over; interrupting running jobs", metadata: ["count": "\(running.count)"])
            for job in running.values {
                job.control.stop(.shuttingDown)
                job.task.cancel()
            }
            if await !finishes(within: configuration.interruptGrace, allDone) {
                await releaseStuckJobs()
            }
        }
        for task in maintenance { task.cancel() }
        maintenance = []
        workerLoops = []
        phase = .stopped
    }

    /// Puts back the jobs whose handlers ignored cancellation. Their late results are refused by
    /// the store, since this worker no longer holds them.
    func releaseStuckJobs() async {
        for id in running.keys {
            logger.error("handler ignored cancellation; returning its job to the queue", metadata: ["job_id": "\(id)"])
            let now = clock.wallNanoseconds()
            let job = try? await store.finishJob(id: id, owner: configuration.workerID,
                                                 result: .retry(error: "interrupted by shutdown", retryAt: now), now: now)
            running[id] = nil
            // For a shared queue (Redis): another process may run it now. The local queue is stopping.
            if let job, job.status == .queued {
                metrics.count(.retried)
                try? await queue.enqueue(job)
            }
        }
    }
}
