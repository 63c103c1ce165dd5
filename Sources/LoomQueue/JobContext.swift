// JobContext: what a running handler may ask the scheduler — chiefly, whether it should stop now.

import LoomCore
import LoomStore
import Synchronization

/// Why a running job should stop at its next stage boundary.
public enum JobStopReason: String, Sendable {
    /// A newer head arrived for the PR, or it was closed: stop without posting.
    case stale = "superseded"
    /// An operator cancelled the job (`loom jobs cancel`, `POST /api/jobs/{id}/cancel`).
    case cancelled
    /// The process is shutting down; the job goes back to the queue and runs again later.
    case shuttingDown = "shutdown"
    /// This worker no longer holds the job's lease (another worker may be running it).
    case leaseLost = "lease_lost"
}

/// Handed to `JobHandler.run` with each job.
///
/// The handler renews nothing and never touches the job's row: the scheduler does both. The
/// handler's task is also cancelled when it must stop, so cancellation-aware waits (sleeps, HTTP
/// calls) end early on their own.
public struct JobContext: Sendable {
    /// The id of the worker process running the job (the lease owner).
    public let workerID: String
    /// Which run this is, 1 for the first.
    public let attempt: Int
    let jobID: String
    let control: JobControl
    let store: any Store

    init(job: Job, workerID: String, control: JobControl, store: any Store) {
        self.workerID = workerID
        self.attempt = job.attempts
        self.jobID = job.id
        self.control = control
        self.store = store
    }

    /// True once this process told the job to stop (operator cancel, shutdown, lost lease). Free
    /// to check anywhere, even in tight loops; it does not see a newer head (`stopReason()` does).
    public var isCancelled: Bool { control.reason != nil }

    /// Why the job should stop, or nil to carry on. Asks the store whether the PR moved on, so
    /// call it at stage boundaries, not in tight loops. A store that cannot answer means "carry on":
    /// a transient database error should not abandon a review.
    public func stopReason() async -> JobStopReason? {
        if let reason = control.reason { return reason }
        if (try? await store.isJobStale(id: jobID)) == true { return .stale }
        return nil
    }

    /// True when the job should stop now (see `stopReason()`).
    public func shouldStop() async -> Bool {
        await stopReason() != nil
    }
}

/// The scheduler's side of a running job's stop signal; the first reason given wins.
final class JobControl: Sendable {
    private let stored = Mutex<JobStopReason?>(nil)

    var reason: JobStopReason? { stored.withLock { $0 } }

    func stop(_ reason: JobStopReason) {
        stored.withLock { if $0 == nil { $0 = reason } }
    }
}
