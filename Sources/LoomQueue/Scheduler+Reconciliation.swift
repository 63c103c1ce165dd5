// Scheduler+Reconciliation: keeps a shared queue in step with the store — rebuild after data loss, re-offer lost entries.

import LoomCore

extension Scheduler {
    /// For a shared queue (Redis), makes sure every queued job of the store is in the queue:
    ///
    /// - If the queue lost its data (`claimRebuild`: one process wins), every queued job is
    ///   enqueued again, ready or delayed.
    /// - Otherwise, when nothing is waiting in the queue but the store holds jobs that have been
    ///   ready for longer than `reconcileAfter`, their entries went missing (a process died between
    ///   the store's commit and its enqueue, or Redis was down at that moment): they are enqueued
    ///   again. Only an empty queue is checked, so a long backlog is never duplicated; a duplicate
    ///   entry is harmless anyway, since only one claim in the store succeeds.
    ///
    /// Returns how many jobs were enqueued. An in-process queue needs none of this.
    @discardableResult
    public func reconcileQueue() async -> Int {
        guard queue.isShared else { return 0 }
        do {
            if try await queue.claimRebuild() {
                let jobs = try await store.queuedJobs(limit: configuration.reconcileLimit)
                for job in jobs { try await queue.enqueue(job) }
                logger.notice("rebuilt the shared queue from the store", metadata: ["jobs": "\(jobs.count)"])
                return jobs.count
            }
            guard try await queue.depth().ready == 0 else { return 0 }
            let cutoff = clock.wallNanoseconds() &- Int64(clamping: configuration.reconcileAfter.nanosecondsClamped)
            let stale = try await store.readyJobs(now: cutoff, limit: configuration.reconcileLimit)
            for job in stale { try await queue.enqueue(job) }
            if !stale.isEmpty {
                logger.warning("re-offered queued jobs missing from the shared queue", metadata: ["jobs": "\(stale.count)"])
            }
            return stale.count
        } catch {
            logger.error("reconciling the shared queue with the store failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
