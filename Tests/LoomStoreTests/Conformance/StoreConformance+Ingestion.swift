// StoreConformance+Ingestion: de-duplication, job creation, supersession and PR cancellation.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    func enqueueCreatesQueuedJob() async throws {
        try await withStore { store async throws in
            let metadata = ["title": "Fix \"quotes\" \\ and\nnewlines", "author": "zoë 🚀", "draft": "false", "": "empty key"]
            let job = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1", priority: 3, maxAttempts: 4,
                                                             metadata: metadata))
            #expect(job.id == "job-1")
            #expect(job.status == .queued)
            #expect(job.platform == .github && job.repository == "acme/api")
            #expect(job.prNumber == 7 && job.headSHA == "h1" && job.baseSHA == "base0")
            #expect(job.priority == 3 && job.maxAttempts == 4 && job.attempts == 0)
            #expect(job.runAt == Sample.t0 && job.createdAt == Sample.t0)
            #expect(job.startedAt == nil && job.completedAt == nil && job.leaseOwner == nil)
            #expect(job.metadata == metadata)
            #expect(try await store.job(id: "job-1") == job)

            let repository = try #require(try await store.repository(platform: .github, fullName: "acme/api"))
            #expect(repository.id == job.repositoryID && repository.isActive)
            #expect(repository.ref == Sample.acme)
            #expect(try await store.repositories().map(\.ref) == [Sample.acme])

            // No base SHA (GitLab) is fine.
            let gitlab = RepositoryRef(platform: .gitlab, platformID: "55", fullName: "group/sub/project")
            let noBase = try await store.enqueue(Sample.enqueue("job-2", delivery: "d1", repository: gitlab, head: "h1", base: nil))
            #expect(noBase.baseSHA == nil && noBase.platform == .gitlab)
            #expect(try await store.job(id: "missing") == nil)
        }
    }

    func duplicateDeliveryChangesNothing() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            #expect(try await store.ingest(Sample.enqueue("job-2", delivery: "d1", head: "h2")) == .duplicateDelivery)
            #expect(try await store.ingest(Sample.close(delivery: "d1")) == .duplicateDelivery)
            #expect(try await store.job(id: "job-2") == nil)
            #expect(try await store.job(id: "job-1")?.status == .queued)

            // Delivery ids are per platform.
            let gitea = RepositoryRef(platform: .gitea, platformID: "1001", fullName: "acme/api")
            _ = try await store.enqueue(Sample.enqueue("job-3", delivery: "d1", repository: gitea, head: "h1"))

            // Without an id nothing is a duplicate: the second is judged on the job rule instead.
            _ = try await store.enqueue(Sample.enqueue("job-4", delivery: nil, pr: 8, head: "h1"))
            #expect(try await store.ingest(Sample.enqueue("job-5", delivery: nil, pr: 8, head: "h1")).job?.id == "job-4")
            #expect(try await store.jobCounts()[.queued] == 3)
        }
    }

    func sameHeadReturnsExistingJob() async throws {
        try await withStore { store async throws in
            let first = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            let second = try await store.ingest(Sample.enqueue("job-2", delivery: "d2", head: "h1", at: Sample.t0 + Sample.second))
            #expect(second == .jobExists(first))
            #expect(try await store.job(id: "job-2") == nil)
            // Still true once the job ran: one job per (repository, PR, head), whatever its state.
            _ = try await store.claim("job-1")
            let third = try await store.ingest(Sample.enqueue("job-3", delivery: "d3", head: "h1"))
            #expect(third.job?.id == "job-1" && third.job?.status == .processing)
            #expect(try await store.isJobStale(id: "job-1") == false)
        }
    }

    func newerHeadSupersedesQueuedJobs() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("a", delivery: "d1", head: "h1"))
            let samePROtherRepo = try await store.enqueue(Sample.enqueue("x", delivery: "d3", repository: Sample.other, head: "h1"))
            let otherPR = try await store.enqueue(Sample.enqueue("y", delivery: "d4", pr: 8, head: "h1"))
            let second = try await store.ingest(Sample.enqueue("b", delivery: "d2", head: "h2", at: Sample.t0 + 1))
            #expect(second.superseded == ["a"])
            let newest = try await store.ingest(Sample.enqueue("c", delivery: "d5", head: "h3", at: Sample.t0 + 2))
            #expect(newest.superseded == ["b"])
            for (id, time) in [("a", Sample.t0 + 1), ("b", Sample.t0 + 2)] {
                let old = try #require(try await store.job(id: id))
                #expect(old.status == .cancelled && old.reason == "superseded" && old.completedAt == time)
            }
            #expect(try await store.job(id: "c")?.status == .queued)
            #expect(try await store.job(id: "x") == samePROtherRepo)
            #expect(try await store.job(id: "y") == otherPR)
            // Finished jobs are history and stay as they are.
            _ = try await store.claim("c", now: Sample.t0 + 2)
            _ = try await store.finishJob(id: "c", owner: "worker-a", result: .completed, now: Sample.t0 + 3)
            let later = try await store.ingest(Sample.enqueue("d", delivery: "d6", head: "h4", at: Sample.t0 + 4))
            #expect(later.superseded == [])
            #expect(try await store.job(id: "c")?.status == .completed)
        }
    }

    func newerHeadFlagsRunningJob() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("a", delivery: "d1", head: "h1"))
            _ = try await store.claim("a")
            #expect(try await store.isJobStale(id: "a") == false)
            let newer = try await store.ingest(Sample.enqueue("b", delivery: "d2", head: "h2", at: Sample.t0 + 1))
            #expect(newer.superseded == [])
            #expect(try await store.job(id: "a")?.status == .processing)
            #expect(try await store.isJobStale(id: "a") == true)
            #expect(try await store.isJobStale(id: "b") == false)
            // The worker notices and ends the run cancelled.
            let ended = try await store.finishJob(id: "a", owner: "worker-a", result: .cancelled(reason: "superseded"), now: Sample.t0 + 2)
            #expect(ended?.status == .cancelled && ended?.reason == "superseded")
        }
    }

    func closedPullRequestCancelsQueuedJobs() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("running", delivery: "d1", head: "h1"))
            _ = try await store.claim("running")
            _ = try await store.enqueue(Sample.enqueue("queued", delivery: "d2", head: "h2"))
            _ = try await store.enqueue(Sample.enqueue("elsewhere", delivery: "d3", pr: 8, head: "h1"))
            let outcome = try await store.ingest(Sample.close(delivery: "d4", reason: "pr_closed", at: Sample.t0 + 5))
            #expect(outcome == .cancelled(jobIDs: ["queued"]))
            let cancelled = try #require(try await store.job(id: "queued"))
            #expect(cancelled.status == .cancelled && cancelled.reason == "pr_closed" && cancelled.completedAt == Sample.t0 + 5)
            #expect(try await store.job(id: "running")?.status == .processing)
            #expect(try await store.isJobStale(id: "running") == true)
            #expect(try await store.job(id: "elsewhere")?.status == .queued)
            #expect(try await store.ingest(Sample.close(delivery: "d5", pr: 99)) == .cancelled(jobIDs: []))
        }
    }

    func recordOnlyRecordsTheDelivery() async throws {
        try await withStore { store async throws in
            #expect(try await store.ingest(Sample.record(delivery: "d1", outcome: "draft")) == .recorded)
            #expect(try await store.repositories().isEmpty)
            #expect(try await store.listJobs(JobFilter()).isEmpty)
            // Recorded means seen: the platform's retry of it is a duplicate.
            #expect(try await store.ingest(Sample.enqueue("job-1", delivery: "d1", head: "h1")) == .duplicateDelivery)
        }
    }
}
