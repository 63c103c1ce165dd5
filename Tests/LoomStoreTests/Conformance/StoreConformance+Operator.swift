// StoreConformance+Operator: operator retry and cancel, listing, ordering and counts.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    func operatorRetryRevivesFinalJobs() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            #expect(try await store.retryJob(id: "job-1", now: Sample.t0) == nil)
            _ = try await store.claim("job-1")
            #expect(try await store.retryJob(id: "job-1", now: Sample.t0) == nil)
            _ = try await store.finishJob(id: "job-1", owner: "worker-a", result: .failed(error: "boom"), now: Sample.t0 + 1)
            let revived = try #require(try await store.retryJob(id: "job-1", now: Sample.t0 + 50))
            #expect(revived.status == .queued && revived.attempts == 0 && revived.runAt == Sample.t0 + 50)
            #expect(revived.error == nil && revived.reason == nil && revived.completedAt == nil)
            #expect(try await store.readyJobs(now: Sample.t0 + 50, limit: 5).map(\.id) == ["job-1"])
            #expect(try await store.retryJob(id: "missing", now: Sample.t0) == nil)

            // A superseded job can be revived too, and then is not stale.
            _ = try await store.enqueue(Sample.enqueue("job-2", delivery: "d2", head: "h2"))
            #expect(try await store.job(id: "job-1")?.reason == "superseded")
            _ = try await store.retryJob(id: "job-1", now: Sample.t0 + 60)
            #expect(try await store.isJobStale(id: "job-1") == false)
        }
    }

    func operatorCancelStopsQueuedAndRunningJobs() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("queued", delivery: "d1", pr: 1, head: "h"))
            _ = try await store.enqueue(Sample.enqueue("running", delivery: "d2", pr: 2, head: "h"))
            _ = try await store.claim("running", owner: "w")
            let cancelled = try #require(try await store.cancelJob(id: "queued", reason: "operator", now: Sample.t0 + 1))
            #expect(cancelled.status == .cancelled && cancelled.reason == "operator" && cancelled.completedAt == Sample.t0 + 1)
            let stopped = try #require(try await store.cancelJob(id: "running", reason: "operator", now: Sample.t0 + 2))
            #expect(stopped.status == .cancelled && stopped.leaseOwner == nil)
            #expect(try await store.isJobStale(id: "running") == true)
            // Its worker finds out: no lease to renew, no result accepted.
            #expect(try await store.renewLeases(jobIDs: ["running"], owner: "w", leaseUntil: Sample.t0 + 99) == [])
            #expect(try await store.finishJob(id: "running", owner: "w", result: .completed, now: Sample.t0 + 3) == nil)
            #expect(try await store.cancelJob(id: "running", reason: "again", now: Sample.t0 + 4) == nil)
            #expect(try await store.cancelJob(id: "missing", reason: "operator", now: Sample.t0) == nil)
            #expect(try await store.job(id: "running")?.reason == "operator")
        }
    }

    func listingFiltersAndOrders() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("a1", delivery: "d1", pr: 1, head: "h", at: Sample.t0 + 1))
            _ = try await store.enqueue(Sample.enqueue("a2", delivery: "d2", pr: 2, head: "h", priority: 5, at: Sample.t0 + 2))
            _ = try await store.enqueue(Sample.enqueue("w1", delivery: "d3", repository: Sample.other, pr: 1, head: "h", at: Sample.t0 + 3))
            _ = try await store.enqueue(Sample.enqueue("a3", delivery: "d4", pr: 3, head: "h", at: Sample.t0 + 4))
            _ = try await store.claim("a3", now: Sample.t0 + 4)
            _ = try await store.finishJob(id: "a3", owner: "worker-a", result: .completed, now: Sample.t0 + 5)

            #expect(try await store.listJobs(JobFilter()).map(\.id) == ["a3", "w1", "a2", "a1"])
            #expect(try await store.listJobs(JobFilter(limit: 2)).map(\.id) == ["a3", "w1"])
            #expect(try await store.listJobs(JobFilter(status: .queued)).map(\.id) == ["w1", "a2", "a1"])
            #expect(try await store.listJobs(JobFilter(repository: "acme/api")).map(\.id) == ["a3", "a2", "a1"])
            #expect(try await store.listJobs(JobFilter(status: .queued, repository: "acme/web")).map(\.id) == ["w1"])
            #expect(try await store.listJobs(JobFilter(status: .failed)).isEmpty)

            // Priority first, then readiness and age.
            #expect(try await store.readyJobs(now: Sample.t0 + 10, limit: 10).map(\.id) == ["a2", "a1", "w1"])
            #expect(try await store.readyJobs(now: Sample.t0 + 10, limit: 1).map(\.id) == ["a2"])
            #expect(try await store.readyJobs(now: Sample.t0 + 1, limit: 10).map(\.id) == ["a1"])
            #expect(try await store.queuedJobs(limit: 10).map(\.id) == ["a2", "a1", "w1"])

            let counts = try await store.jobCounts()
            #expect(counts[.queued] == 3 && counts[.completed] == 1 && counts[.processing] == 0 && counts[.failed] == 0)
            #expect(counts.count == JobStatus.allCases.count)
            try await store.ping()
        }
    }
}
