// StoreSemanticsTests: the Store rules the scheduler relies on, checked on InMemoryStore and SQLiteStore alike.

import LoomCore
import LoomQueue
import LoomStore
import Testing

@Suite struct StoreSemanticsTests {
    let clock = ManualClock()
    var now: Int64 { clock.wallNanoseconds() }
    var lease: Int64 { now + 30_000_000_000 }

    func enqueue(_ id: String, pr: Int, head: String, delivery: String) -> IngestionRequest {
        request(.enqueue(NewJob(id: id, prNumber: pr, headSHA: head, baseSHA: nil)), delivery: delivery)
    }

    func request(_ action: IngestionAction, delivery: String?) -> IngestionRequest {
        IngestionRequest(platform: .github, deliveryID: delivery, event: "pull_request",
                         repository: RepositoryRef(platform: .github, platformID: "1001", fullName: "acme/app"),
                         action: action, receivedAt: now)
    }

    @Test(arguments: StoreKind.allCases)
    func deliveriesAreDeduplicatedAndOneJobPerHead(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let first = try await store.ingest(enqueue("a", pr: 1, head: "h1", delivery: "d1"))
            guard case .jobCreated(let job, let superseded) = first else { Issue.record("\(first)"); return }
            #expect(job.status == .queued && superseded.isEmpty && job.attempts == 0)
            #expect(try await store.ingest(enqueue("b", pr: 1, head: "h1", delivery: "d1"))
                == .duplicateDelivery)
            let again = try await store.ingest(enqueue("c", pr: 1, head: "h1", delivery: "d2"))
            guard case .jobExists(let existing) = again else { Issue.record("\(again)"); return }
            #expect(existing.id == "a")
            #expect(try await store.listJobs(JobFilter()).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func newerHeadSupersedesQueuedAndFlagsRunningJobs(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let jobs = Jobs(store: store, clock: clock)
            let running = try await jobs.create(pr: 7, head: "h1")
            _ = try await store.claimJob(id: running.id, owner: "w", leaseUntil: lease, now: now)
            let queued = try await jobs.create(pr: 7, head: "h2")
            #expect(try await store.isJobStale(id: running.id))
            clock.advance(by: .seconds(1))
            let newest = try await store.ingest(enqueue("h3", pr: 7, head: "h3", delivery: "d3"))
            #expect(newest == .jobCreated(try #require(try await store.job(id: "h3")), superseded: [queued.id]))
            let cancelled = try #require(try await store.job(id: queued.id))
            #expect(cancelled.status == .cancelled && cancelled.reason == "superseded")
            #expect(try await store.job(id: running.id)?.status == .processing)
            #expect(try await store.isJobStale(id: running.id))
            #expect(!(try await store.isJobStale(id: "h3")))
            // A stale job that asks for a retry ends cancelled instead: it could only stop again.
            let ended = try await store.finishJob(id: running.id, owner: "w", result: .retry(error: "x", retryAt: now), now: now)
            #expect(ended?.status == .cancelled && ended?.reason == "superseded")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func closedPullRequestCancelsItsQueuedJobs(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let jobs = Jobs(store: store, clock: clock)
            let a = try await jobs.create(pr: 3, head: "h1")
            let other = try await jobs.create(pr: 4, head: "h1")
            let outcome = try await store.ingest(request(.cancelPullRequest(number: 3, reason: "pr_closed"), delivery: "close"))
            #expect(outcome == .cancelled(jobIDs: [a.id]))
            #expect(try await store.job(id: a.id)?.reason == "pr_closed")
            #expect(try await jobs.status(other.id) == .queued)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func disabledRepositoryGetsNoJobs(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let ref = RepositoryRef(platform: .github, platformID: "1001", fullName: "acme/app")
            _ = try await store.addRepository(ref, now: now)
            _ = try await store.setRepositoryActive(platform: .github, fullName: "acme/app", active: false, now: now)
            let outcome = try await store.ingest(enqueue("a", pr: 1, head: "h", delivery: "d"))
            #expect(outcome == .repositoryDisabled)
            #expect(try await store.listJobs(JobFilter()).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func claimRenewAndFinishCheckTheLeaseOwner(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let job = try await Jobs(store: store, clock: clock).create(pr: 1)
            let claimed = try #require(try await store.claimJob(id: job.id, owner: "w1", leaseUntil: lease, now: now))
            #expect(claimed.status == .processing && claimed.attempts == 1 && claimed.leaseOwner == "w1")
            #expect(try await store.claimJob(id: job.id, owner: "w2", leaseUntil: lease, now: now) == nil)
            #expect(try await store.renewLeases(jobIDs: [job.id], owner: "w2", leaseUntil: lease) == [])
            #expect(try await store.renewLeases(jobIDs: [job.id, "nope"], owner: "w1", leaseUntil: lease + 5) == [job.id])
            #expect(try await store.job(id: job.id)?.leaseExpiresAt == lease + 5)
            #expect(try await store.finishJob(id: job.id, owner: "w2", result: .completed, now: now) == nil)
            let done = try #require(try await store.finishJob(id: job.id, owner: "w1", result: .completed, now: now))
            #expect(done.status == .completed && done.leaseOwner == nil && done.completedAt == now)
            #expect(try await store.finishJob(id: job.id, owner: "w1", result: .completed, now: now) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retryResultWaitsForItsRunAt(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let job = try await Jobs(store: store, clock: clock).create(pr: 1)
            _ = try await store.claimJob(id: job.id, owner: "w", leaseUntil: lease, now: now)
            let retryAt = now + 10_000_000_000
            let result = JobResult.retry(error: "boom", retryAt: retryAt)
            let back = try #require(try await store.finishJob(id: job.id, owner: "w", result: result, now: now))
            #expect(back.status == .queued && back.runAt == retryAt && back.error == "boom" && back.leaseOwner == nil)
            #expect(try await store.readyJobs(now: now, limit: 10).isEmpty)
            #expect(try await store.queuedJobs(limit: 10).map(\.id) == [job.id])
            #expect(try await store.claimJob(id: job.id, owner: "w", leaseUntil: lease, now: now) == nil)
            clock.advance(by: .seconds(10))
            #expect(try await store.readyJobs(now: now, limit: 10).map(\.id) == [job.id])
            #expect(try await store.claimJob(id: job.id, owner: "w", leaseUntil: lease, now: now)?.attempts == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func expiredLeasesAreRescuedUnlessTheJobWasAskedToStop(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let jobs = Jobs(store: store, clock: clock)
            let dead = try await jobs.create(pr: 1)
            let stale = try await jobs.create(pr: 2, head: "old")
            for id in [dead.id, stale.id] { _ = try await store.claimJob(id: id, owner: "w", leaseUntil: lease, now: now) }
            try await jobs.create(pr: 2, head: "new")
            #expect(try await store.rescueExpiredLeases(now: now).isEmpty)
            clock.advance(by: .seconds(31))
            let rescued = try await store.rescueExpiredLeases(now: now)
            #expect(rescued.map(\.id) == [dead.id])
            #expect(rescued.first?.status == .queued && rescued.first?.leaseOwner == nil && rescued.first?.attempts == 1)
            #expect(try await store.job(id: stale.id)?.status == .cancelled)
            #expect(try await store.finishJob(id: dead.id, owner: "w", result: .completed, now: now) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func operatorCancelAndRetry(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let jobs = Jobs(store: store, clock: clock)
            let queued = try await jobs.create(pr: 1)
            let running = try await jobs.create(pr: 2)
            _ = try await store.claimJob(id: running.id, owner: "w", leaseUntil: lease, now: now)
            #expect(try await store.retryJob(id: queued.id, now: now) == nil)
            #expect(try await store.cancelJob(id: queued.id, reason: "operator", now: now)?.status == .cancelled)
            #expect(try await store.cancelJob(id: queued.id, reason: "operator", now: now) == nil)
            #expect(try await store.cancelJob(id: running.id, reason: "operator", now: now)?.reason == "operator")
            #expect(try await store.isJobStale(id: running.id))
            #expect(try await store.finishJob(id: running.id, owner: "w", result: .completed, now: now) == nil)
            let counts = try await store.jobCounts()
            #expect(counts[.cancelled] == 2 && counts[.queued] == 0 && counts[.completed] == 0)
            let retried = try #require(try await store.retryJob(id: running.id, now: now))
            #expect(retried.status == .queued && retried.attempts == 0 && retried.reason == nil)
            #expect(!(try await store.isJobStale(id: running.id)))
            #expect(try await store.jobCounts()[.queued] == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func readyJobsComeByPriorityThenAge(kind: StoreKind) async throws {
        try await withStore(kind, clock: clock) { store in
            let jobs = Jobs(store: store, clock: clock)
            var ids: [String] = []
            for (pr, priority) in [(1, 0), (2, 5), (3, 0), (4, 5)] {
                ids.append(try await jobs.create(pr: pr, priority: priority).id)
                clock.advance(by: .milliseconds(1))
            }
            #expect(try await store.readyJobs(now: now, limit: 10).map(\.id) == [ids[1], ids[3], ids[0], ids[2]])
            #expect(try await store.readyJobs(now: now, limit: 2).count == 2)
            #expect(try await store.listJobs(JobFilter(limit: 2)).map(\.id) == [ids[3], ids[2]])
            #expect(try await store.listJobs(JobFilter(status: .queued, repository: "ACME/app")).count == 4)
            #expect(try await store.listJobs(JobFilter(repository: "other/app")).isEmpty)
        }
    }
}
