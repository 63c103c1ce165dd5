// StoreConformance+Leases: claiming, renewing, finishing and rescuing jobs under leases.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    func claimTakesOnlyDueQueuedJobs() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1", at: Sample.t0 + 10))
            // Not due yet.
            #expect(try await store.claimJob(id: "job-1", owner: "w", leaseUntil: Sample.t0 + 100, now: Sample.t0) == nil)
            let claimed = try await store.claim("job-1", owner: "w", leaseUntil: Sample.t0 + 100, now: Sample.t0 + 10)
            #expect(claimed.status == .processing && claimed.attempts == 1)
            #expect(claimed.leaseOwner == "w" && claimed.leaseExpiresAt == Sample.t0 + 100 && claimed.startedAt == Sample.t0 + 10)
            #expect(try await store.job(id: "job-1") == claimed)
            // Already taken.
            #expect(try await store.claimJob(id: "job-1", owner: "v", leaseUntil: Sample.t0 + 100, now: Sample.t0 + 10) == nil)
            #expect(try await store.claimJob(id: "missing", owner: "v", leaseUntil: Sample.t0 + 100, now: Sample.t0 + 10) == nil)
        }
    }

    func renewExtendsOnlyHeldLeases() async throws {
        try await withStore { store async throws in
            for index in 1...3 { _ = try await store.enqueue(Sample.enqueue("job-\(index)", delivery: "d\(index)", pr: index, head: "h")) }
            _ = try await store.claim("job-1", owner: "a")
            _ = try await store.claim("job-2", owner: "b")
            let held = try await store.renewLeases(jobIDs: ["job-1", "job-2", "job-3", "missing"], owner: "a", leaseUntil: Sample.t0 + 99)
            #expect(held == ["job-1"])
            #expect(try await store.job(id: "job-1")?.leaseExpiresAt == Sample.t0 + 99)
            #expect(try await store.job(id: "job-2")?.leaseExpiresAt == Sample.t0 + 30 * Sample.second)
            #expect(try await store.renewLeases(jobIDs: [], owner: "a", leaseUntil: Sample.t0) == [])
        }
    }

    func finishNeedsTheLeaseHolder() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            #expect(try await store.finishJob(id: "job-1", owner: "a", result: .completed, now: Sample.t0) == nil)
            let claimed = try await store.claim("job-1", owner: "a")
            #expect(try await store.finishJob(id: "job-1", owner: "b", result: .completed, now: Sample.t0 + 5) == nil)
            #expect(try await store.job(id: "job-1") == claimed)
            let done = try #require(try await store.finishJob(id: "job-1", owner: "a", result: .completed, now: Sample.t0 + 5))
            #expect(done.status == .completed && done.completedAt == Sample.t0 + 5)
            #expect(done.leaseOwner == nil && done.leaseExpiresAt == nil && done.attempts == 1)
            #expect(try await store.finishJob(id: "job-1", owner: "a", result: .completed, now: Sample.t0 + 6) == nil)
        }
    }

    func finalResultsRecordWhy() async throws {
        try await withStore { store async throws in
            let results: [(JobResult, JobStatus, String?, String?)] = [
                (.skipped(reason: "pr_too_large"), .skipped, "pr_too_large", nil),
                (.failed(error: "model unreachable"), .failed, nil, "model unreachable"),
                (.cancelled(reason: "superseded"), .cancelled, "superseded", nil),
            ]
            for (index, (result, status, reason, error)) in results.enumerated() {
                let id = "job-\(index)"
                _ = try await store.enqueue(Sample.enqueue(id, delivery: id, pr: index, head: "h"))
                _ = try await store.claim(id)
                let ended = try #require(try await store.finishJob(id: id, owner: "worker-a", result: result, now: Sample.t0 + 1))
                #expect(ended.status == status && ended.reason == reason && ended.error == error)
                #expect(ended.completedAt == Sample.t0 + 1 && ended.leaseOwner == nil)
            }
        }
    }

    func retryRequeuesWithBackoff() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            _ = try await store.claim("job-1", now: Sample.t0 + 1)
            let retried = try #require(try await store.finishJob(id: "job-1", owner: "worker-a",
                                                                 result: .retry(error: "HTTP 503", retryAt: Sample.t0 + 60),
                                                                 now: Sample.t0 + 2))
            #expect(retried.status == .queued && retried.runAt == Sample.t0 + 60 && retried.error == "HTTP 503")
            #expect(retried.leaseOwner == nil && retried.completedAt == nil && retried.attempts == 1)
            #expect(try await store.readyJobs(now: Sample.t0 + 59, limit: 10).isEmpty)
            #expect(try await store.queuedJobs(limit: 10).map(\.id) == ["job-1"])
            #expect(try await store.claimJob(id: "job-1", owner: "b", leaseUntil: Sample.t0 + 99, now: Sample.t0 + 59) == nil)
            let again = try await store.claim("job-1", owner: "b", now: Sample.t0 + 60)
            // started_at is the first start; attempts count every start.
            #expect(again.attempts == 2 && again.startedAt == Sample.t0 + 1)
        }
    }

    func retryOfStoppedJobEndsCancelled() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("old", delivery: "d1", head: "h1"))
            _ = try await store.claim("old")
            _ = try await store.enqueue(Sample.enqueue("new", delivery: "d2", head: "h2"))
            let ended = try #require(try await store.finishJob(id: "old", owner: "worker-a",
                                                               result: .retry(error: "timeout", retryAt: Sample.t0 + 60),
                                                               now: Sample.t0 + 3))
            #expect(ended.status == .cancelled && ended.reason == "superseded" && ended.completedAt == Sample.t0 + 3)
            #expect(try await store.queuedJobs(limit: 10).map(\.id) == ["new"])
        }
    }

    func expiredLeasesAreRescued() async throws {
        try await withStore { store async throws in
            for index in 1...3 { _ = try await store.enqueue(Sample.enqueue("job-\(index)", delivery: "d\(index)", pr: index, head: "h")) }
            _ = try await store.claim("job-1", owner: "dead", leaseUntil: Sample.t0 + 10)
            _ = try await store.claim("job-2", owner: "alive", leaseUntil: Sample.t0 + 1_000)
            // job-3 stays queued.
            #expect(try await store.rescueExpiredLeases(now: Sample.t0 + 10).isEmpty)
            let rescued = try await store.rescueExpiredLeases(now: Sample.t0 + 11)
            #expect(rescued.map(\.id) == ["job-1"])
            let job = try #require(rescued.first)
            #expect(job.status == .queued && job.leaseOwner == nil && job.leaseExpiresAt == nil)
            #expect(job.runAt == Sample.t0 + 11 && job.attempts == 1)
            #expect(try await store.job(id: "job-1")?.status == .queued)
            #expect(try await store.job(id: "job-2")?.status == .processing)
            // The dead worker, should it come back, holds nothing.
            #expect(try await store.renewLeases(jobIDs: ["job-1"], owner: "dead", leaseUntil: Sample.t0 + 99) == [])
            #expect(try await store.finishJob(id: "job-1", owner: "dead", result: .completed, now: Sample.t0 + 12) == nil)
            let reclaimed = try await store.claim("job-1", owner: "alive", now: Sample.t0 + 12)
            #expect(reclaimed.attempts == 2)
        }
    }

    func expiredStoppedJobIsCancelledNotRescued() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("old", delivery: "d1", head: "h1"))
            _ = try await store.claim("old", owner: "dead", leaseUntil: Sample.t0 + 10)
            _ = try await store.ingest(Sample.close(delivery: "d2", reason: "pr_closed", at: Sample.t0 + 5))
            #expect(try await store.rescueExpiredLeases(now: Sample.t0 + 20).isEmpty)
            let old = try #require(try await store.job(id: "old"))
            #expect(old.status == .cancelled && old.reason == "pr_closed" && old.leaseOwner == nil)
        }
    }
}
