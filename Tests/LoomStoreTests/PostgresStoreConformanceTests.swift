// PostgresStoreConformanceTests: the Store conformance suite against PostgreSQL databases.

import Testing

@Suite("PostgresStore conformance")
struct PostgresStoreConformanceTests {
    let suite = StoreConformance(makeStore: PostgresTestStore.make, dispose: PostgresTestStore.dispose)

    @Test("an enqueue creates a queued job with every field, and registers the repository")
    func enqueue() async throws { try await suite.enqueueCreatesQueuedJob() }

    @Test("a repeated delivery id changes nothing; ids are per platform; nil ids never repeat")
    func duplicateDelivery() async throws { try await suite.duplicateDeliveryChangesNothing() }

    @Test("a second delivery for the same head returns the existing job")
    func sameHead() async throws { try await suite.sameHeadReturnsExistingJob() }

    @Test("a newer head cancels the PR's queued jobs as superseded, and nothing else")
    func supersede() async throws { try await suite.newerHeadSupersedesQueuedJobs() }

    @Test("a newer head flags the PR's running job as stale")
    func flagRunning() async throws { try await suite.newerHeadFlagsRunningJob() }

    @Test("closing a PR cancels its queued jobs and flags its running one")
    func closePR() async throws { try await suite.closedPullRequestCancelsQueuedJobs() }

    @Test("a record action only records the delivery")
    func record() async throws { try await suite.recordOnlyRecordsTheDelivery() }

    @Test("a disabled repository gets no jobs but its deliveries are recorded")
    func disabled() async throws { try await suite.disabledRepositoryGetsNoJobs() }

    @Test("a renamed repository keeps its row and jobs")
    func rename() async throws { try await suite.renamedRepositoryKeepsItsRow() }

    @Test("a repository added by name is adopted by its first webhook")
    func adoption() async throws { try await suite.repositoryAddedByNameIsAdoptedByItsFirstWebhook() }

    @Test("a claim takes only due queued jobs, once")
    func claim() async throws { try await suite.claimTakesOnlyDueQueuedJobs() }

    @Test("renewal extends only the leases the owner holds")
    func renew() async throws { try await suite.renewExtendsOnlyHeldLeases() }

    @Test("only the lease holder can finish a job")
    func finishOwner() async throws { try await suite.finishNeedsTheLeaseHolder() }

    @Test("skipped, failed and cancelled results record their reason or error")
    func finalResults() async throws { try await suite.finalResultsRecordWhy() }

    @Test("a retry goes back to the queue with its run-at and error")
    func retry() async throws { try await suite.retryRequeuesWithBackoff() }

    @Test("a retry of a job asked to stop ends it cancelled")
    func retryStopped() async throws { try await suite.retryOfStoppedJobEndsCancelled() }

    @Test("expired leases return their jobs to the queue")
    func rescue() async throws { try await suite.expiredLeasesAreRescued() }

    @Test("an expired job that was asked to stop ends cancelled")
    func rescueStopped() async throws { try await suite.expiredStoppedJobIsCancelledNotRescued() }

    @Test("operator retry revives final jobs only")
    func operatorRetry() async throws { try await suite.operatorRetryRevivesFinalJobs() }

    @Test("operator cancel stops queued and running jobs")
    func operatorCancel() async throws { try await suite.operatorCancelStopsQueuedAndRunningJobs() }

    @Test("listing filters by status and repository, newest first; ready jobs by priority")
    func listing() async throws { try await suite.listingFiltersAndOrders() }

    @Test("64 concurrent ingesters: every delivery applied once, duplicates caught")
    func concurrency() async throws { try await suite.concurrentIngestsAreDeduplicated() }

    @Test("a job's review and findings are stored, read back, and replaced on retry")
    func reviews() async throws { try await suite.reviewsAreStoredAndReplaced() }
}
