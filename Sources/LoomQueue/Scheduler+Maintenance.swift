// Scheduler+Maintenance: the periodic work — lease renewal, rescue of expired leases, promotion of due retries.

import LoomCore

extension Scheduler {
    /// Extends the leases of every running job in one store call, and stops the jobs this worker
    /// no longer holds (an operator cancelled them, or the lease expired and another worker took
    /// them): their handlers see `shouldStop` and their results are dropped.
    public func renewLeases() async {
        let ids = Array(running.keys)
        guard !ids.isEmpty else { return }
        let leaseUntil = clock.wallNanoseconds() &+ Int64(clamping: configuration.leaseDuration.nanosecondsClamped)
        let held: Set<String>
        do {
            held = try await store.renewLeases(jobIDs: ids, owner: configuration.workerID, leaseUntil: leaseUntil)
        } catch {
            logger.error("renewing leases failed", metadata: ["error": "\(error)"])
            return
        }
        // Re-read `running`: jobs may have ended while the store answered.
        for id in ids where !held.contains(id) {
            guard let job = running[id] else { continue }
            logger.warning("lost the lease of a running job; stopping it", metadata: ["job_id": "\(id)"])
            job.control.stop(.leaseLost)
            job.task.cancel()
        }
    }

    /// Returns jobs whose leases expired to `queued` and enqueues them here.
    public func rescueExpiredLeases() async {
        do {
            let rescued = try await store.rescueExpiredLeases(now: clock.wallNanoseconds())
            for job in rescued {
                metrics.count(.rescued)
                try await queue.enqueue(job)
            }
            if !rescued.isEmpty {
                logger.warning("rescued jobs with expired leases", metadata: ["count": "\(rescued.count)"])
            }
        } catch {
            logger.error("rescuing expired leases failed", metadata: ["error": "\(error)"])
        }
    }

    /// Moves due delayed entries (retries) to the ready set; returns the earliest run-at still delayed.
    @discardableResult
    public func promoteDueJobs() async -> Int64? {
        do {
            return try await queue.promoteDue(now: clock.wallNanoseconds())
        } catch {
            logger.error("promoting due jobs failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Promotes due retries, sleeping until the next one is due but never longer than
    /// `promoteInterval` (and never less than 10 ms, so an injected clock that stands still cannot spin it).
    nonisolated func promotionLoop() async {
        while !Task.isCancelled {
            let nextDue = await promoteDueJobs()
            var pause = configuration.promoteInterval
            if let nextDue {
                let untilDue = Duration.nanoseconds(max(0, nextDue - clock.wallNanoseconds()))
                pause = max(.milliseconds(10), min(pause, untilDue))
            }
            try? await Task.sleep(for: pause)
        }
    }

    /// A task calling `body` every `interval` until cancelled.
    nonisolated func repeating(every interval: Duration,
                               _ body: @escaping @Sendable (Scheduler) async -> Void) -> Task<Void, Never> {
        Task.detached { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                await body(self)
            }
        }
    }
}
