// InMemoryStore: the in-memory twin of `Store`, with the same semantics, for tests and benchmarks.

public import LoomCore
import Synchronization

/// A `Store` held in memory behind one lock.
///
/// It implements the protocol's documented semantics as plainly as possible, so that tests of the
/// queue, the scheduler and the ingress can run without SQLite and so that it can serve as the
/// reference the SQL stores are compared with. Every method is one critical section, which makes
/// each of them atomic the way one database transaction is.
public final class InMemoryStore: Store {
    struct DeliveryKey: Hashable {
        var platform: Platform
        var deliveryID: String
    }

    struct JobKey: Hashable {
        var repositoryID: Int64
        var prNumber: Int
        var headSHA: String
    }

    struct PullRequestKey: Hashable {
        var repositoryID: Int64
        var prNumber: Int
    }

    struct State {
        var repositories: [Int64: Repository] = [:]
        var nextRepositoryID: Int64 = 1
        /// Delivery → the outcome recorded for it.
        var deliveries: [DeliveryKey: String] = [:]
        var jobs: [String: Job] = [:]
        var jobByKey: [JobKey: String] = [:]
        /// Job ids of each pull request (repository id, number), so supersession does not scan every job.
        var jobsByPullRequest: [PullRequestKey: [String]] = [:]
        /// Processing jobs asked to stop at their next stage boundary (newer head, PR closed,
        /// operator cancel), with the reason they end `cancelled` with if they come back.
        var stopRequests: [String: String] = [:]
        var reviews: [String: (review: ReviewRecord, findings: [FindingRecord])] = [:]
    }

    let state = Mutex(State())

    /// An empty store.
    public init() {}

    public func migrate() async throws {}

    public func ping() async throws {}

    // MARK: Jobs

    public func job(id: String) async throws -> Job? {
        state.withLock { $0.jobs[id] }
    }

    public func listJobs(_ filter: JobFilter) async throws -> [Job] {
        let repository = filter.repository.map(Self.caseless)
        let matching = state.withLock { state in
            state.jobs.values.filter { job in
                (filter.status == nil || job.status == filter.status)
                    && (repository == nil || repository == Self.caseless(job.repository))
            }
        }
        return Array(matching.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(filter.limit))
    }

    public func readyJobs(now: Int64, limit: Int) async throws -> [Job] {
        let ready = state.withLock { $0.jobs.values.filter { $0.status == .queued && $0.runAt <= now } }
        return Array(ready.sorted(by: Self.runsBefore).prefix(max(limit, 0)))
    }

    public func queuedJobs(limit: Int) async throws -> [Job] {
        let queued = state.withLock { $0.jobs.values.filter { $0.status == .queued } }
        return Array(queued.sorted(by: Self.runsBefore).prefix(max(limit, 0)))
    }

    /// Priority (higher first), then run-at, then creation, then id: the order workers take jobs in.
    static func runsBefore(_ a: Job, _ b: Job) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        return (a.runAt, a.createdAt, a.id) < (b.runAt, b.createdAt, b.id)
    }

    public func claimJob(id: String, owner: String, leaseUntil: Int64, now: Int64) async throws -> Job? {
        state.withLock { state in
            guard var job = state.jobs[id], job.status == .queued, job.runAt <= now else { return nil }
            job.status = .processing
            job.leaseOwner = owner
            job.leaseExpiresAt = leaseUntil
            job.attempts += 1
            job.startedAt = job.startedAt ?? now
            state.jobs[id] = job
            return job
        }
    }

    public func renewLeases(jobIDs: [String], owner: String, leaseUntil: Int64) async throws -> Set<String> {
        state.withLock { state in
            var held: Set<String> = []
            for id in jobIDs {
                guard var job = state.jobs[id], job.status == .processing, job.leaseOwner == owner else { continue }
                job.leaseExpiresAt = leaseUntil
                state.jobs[id] = job
                held.insert(id)
            }
            return held
        }
    }

    public func finishJob(id: String, owner: String, result: JobResult, now: Int64) async throws -> Job? {
        state.withLock { state in
            guard var job = state.jobs[id], job.status == .processing, job.leaseOwner == owner else { return nil }
            job.leaseOwner = nil
            job.leaseExpiresAt = nil
            switch result {
            case .completed:
                job.status = .completed
            case .skipped(let reason):
                job.status = .skipped
                job.reason = reason
            case .failed(let error):
                job.status = .failed
                job.error = error
            case .cancelled(let reason):
                job.status = .cancelled
                job.reason = reason
            case .retry(let error, let retryAt):
                job.error = error
                if let stop = state.stopRequests[id] {
                    // Asked to stop (newer head, PR closed): running it again could only stop again.
                    job.status = .cancelled
                    job.reason = stop
                } else {
                    job.status = .queued
                    job.runAt = retryAt
                }
            }
            job.completedAt = job.status.isFinal ? now : nil
            state.jobs[id] = job
            return job
        }
    }

    /// The error a rescued job carries, so `loom jobs show` says why it ran again.
    public static let leaseExpiredError = "lease expired: the worker stopped renewing it (crashed or stalled)"

    /// Expired jobs asked to stop end `cancelled` instead and are not returned: running them
    /// again could only end in the same stop.
    public func rescueExpiredLeases(now: Int64) async throws -> [Job] {
        state.withLock { state in
            var rescued: [Job] = []
            for var job in state.jobs.values where job.status == .processing && (job.leaseExpiresAt ?? .min) < now {
                job.leaseOwner = nil
                job.leaseExpiresAt = nil
                if let stop = state.stopRequests[job.id] {
                    job.status = .cancelled
                    job.reason = stop
                    job.completedAt = now
                } else {
                    job.status = .queued
                    job.error = Self.leaseExpiredError
                    job.runAt = now
                    rescued.append(job)
                }
                state.jobs[job.id] = job
            }
            return rescued.sorted(by: Self.runsBefore)
        }
    }

    /// True when the job was asked to stop or cancelled, or does not exist.
    public func isJobStale(id: String) async throws -> Bool {
        state.withLock { state in
            guard let job = state.jobs[id] else { return true }
            return state.stopRequests[id] != nil || job.status == .cancelled
        }
    }

    public func retryJob(id: String, now: Int64) async throws -> Job? {
        state.withLock { state in
            guard var job = state.jobs[id], job.status.isFinal else { return nil }
            job.status = .queued
            job.reason = nil
            job.error = nil
            job.attempts = 0
            job.runAt = now
            job.completedAt = nil
            state.stopRequests[id] = nil
            state.jobs[id] = job
            return job
        }
    }

    /// A processing job is also asked to stop, so its worker stops at the next stage boundary
    /// (its lease is void, so its `finishJob` returns nil).
    public func cancelJob(id: String, reason: String, now: Int64) async throws -> Job? {
        state.withLock { state in
            guard let job = state.jobs[id], !job.status.isFinal else { return nil }
            if job.status == .processing, state.stopRequests[id] == nil { state.stopRequests[id] = reason }
            return state.cancel(id: id, reason: reason, now: now)
        }
    }

    public func jobCounts() async throws -> [JobStatus: Int] {
        state.withLock { state in
            var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for job in state.jobs.values { counts[job.status, default: 0] += 1 }
            return counts
        }
    }
}

extension InMemoryStore.State {
    /// Ends a queued or processing job as `cancelled`, releasing any lease.
    mutating func cancel(id: String, reason: String, now: Int64) -> Job? {
        guard var job = jobs[id] else { return nil }
        job.status = .cancelled
        job.reason = reason
        job.leaseOwner = nil
        job.leaseExpiresAt = nil
        job.completedAt = now
        jobs[id] = job
        return job
    }
}
