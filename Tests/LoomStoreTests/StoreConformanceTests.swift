// StoreConformanceTests: the Store conformance suite, every case against SQLite, PostgreSQL and the in-memory twin.

import LoomStore
import Testing

/// The stores every conformance case runs against.
enum StoreUnderTest: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql
    case inMemory

    var testDescription: String { rawValue }

    var suite: StoreConformance {
        switch self {
        case .sqlite: StoreConformance(makeStore: SQLiteTestStore.make, dispose: SQLiteTestStore.dispose)
        case .postgresql: StoreConformance(makeStore: PostgresTestStore.make, dispose: PostgresTestStore.dispose)
        case .inMemory: StoreConformance(makeStore: { InMemoryStore() })
        }
    }
}

@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("an enqueue creates a queued job with every field, and registers the repository", arguments: StoreUnderTest.allCases)
    func enqueue(_ store: StoreUnderTest) async throws { try await store.suite.enqueueCreatesQueuedJob() }

    @Test("a repeated delivery id changes nothing; ids are per platform; nil ids never repeat", arguments: StoreUnderTest.allCases)
    func duplicateDelivery(_ store: StoreUnderTest) async throws { try await store.suite.duplicateDeliveryChangesNothing() }

    @Test("a second delivery for the same head returns the existing job", arguments: StoreUnderTest.allCases)
    func sameHead(_ store: StoreUnderTest) async throws { try await store.suite.sameHeadReturnsExistingJob() }

    @Test("a newer head cancels the PR's queued jobs as superseded, and nothing else", arguments: StoreUnderTest.allCases)
    func supersede(_ store: StoreUnderTest) async throws { try await store.suite.newerHeadSupersedesQueuedJobs() }

    @Test("a newer head flags the PR's running job as stale", arguments: StoreUnderTest.allCases)
    func flagRunning(_ store: StoreUnderTest) async throws { try await store.suite.newerHeadFlagsRunningJob() }

    @Test("closing a PR cancels its queued jobs and flags its running one", arguments: StoreUnderTest.allCases)
    func closePR(_ store: StoreUnderTest) async throws { try await store.suite.closedPullRequestCancelsQueuedJobs() }

    @Test("a record action only records the delivery", arguments: StoreUnderTest.allCases)
    func record(_ store: StoreUnderTest) async throws { try await store.suite.recordOnlyRecordsTheDelivery() }

    @Test("a disabled repository gets no jobs but its deliveries are recorded", arguments: StoreUnderTest.allCases)
    func disabled(_ store: StoreUnderTest) async throws { try await store.suite.disabledRepositoryGetsNoJobs() }

    @Test("a renamed repository keeps its row and jobs", arguments: StoreUnderTest.allCases)
    func rename(_ store: StoreUnderTest) async throws { try await store.suite.renamedRepositoryKeepsItsRow() }

    @Test("a repository added by name is adopted by its first webhook", arguments: StoreUnderTest.allCases)
    func adoption(_ store: StoreUnderTest) async throws { try await store.suite.repositoryAddedByNameIsAdoptedByItsFirstWebhook() }

    @Test("a claim takes only due queued jobs, once", arguments: StoreUnderTest.allCases)
    func claim(_ store: StoreUnderTest) async throws { try await store.suite.claimTakesOnlyDueQueuedJobs() }

    @Test("renewal extends only the leases the owner holds", arguments: StoreUnderTest.allCases)
    func renew(_ store: StoreUnderTest) async throws { try await store.suite.renewExtendsOnlyHeldLeases() }

    @Test("only the lease holder can finish a job", arguments: StoreUnderTest.allCases)
    func finishOwner(_ store: StoreUnderTest) async throws { try await store.suite.finishNeedsTheLeaseHolder() }

    @Test("skipped, failed and cancelled results record their reason or error", arguments: StoreUnderTest.allCases)
    func finalResults(_ store: StoreUnderTest) async throws { try await store.suite.finalResultsRecordWhy() }

    @Test("a retry goes back to the queue with its run-at and error", arguments: StoreUnderTest.allCases)
    func retry(_ store: StoreUnderTest) async throws { try await store.suite.retryRequeuesWithBackoff() }

    @Test("a retry of a job asked to stop ends it cancelled", arguments: StoreUnderTest.allCases)
    func retryStopped(_ store: StoreUnderTest) async throws { try await store.suite.retryOfStoppedJobEndsCancelled() }

    @Test("expired leases return their jobs to the queue", arguments: StoreUnderTest.allCases)
    func rescue(_ store: StoreUnderTest) async throws { try await store.suite.expiredLeasesAreRescued() }

    @Test("an expired job that was asked to stop ends cancelled", arguments: StoreUnderTest.allCases)
    func rescueStopped(_ store: StoreUnderTest) async throws { try await store.suite.expiredStoppedJobIsCancelledNotRescued() }

    @Test("operator retry revives final jobs only", arguments: StoreUnderTest.allCases)
    func operatorRetry(_ store: StoreUnderTest) async throws { try await store.suite.operatorRetryRevivesFinalJobs() }

    @Test("operator cancel stops queued and running jobs", arguments: StoreUnderTest.allCases)
    func operatorCancel(_ store: StoreUnderTest) async throws { try await store.suite.operatorCancelStopsQueuedAndRunningJobs() }

    @Test("listing filters by status and repository, newest first; ready jobs by priority", arguments: StoreUnderTest.allCases)
    func listing(_ store: StoreUnderTest) async throws { try await store.suite.listingFiltersAndOrders() }

    @Test("64 concurrent ingesters: every delivery applied once, duplicates caught", arguments: StoreUnderTest.allCases)
    func concurrency(_ store: StoreUnderTest) async throws { try await store.suite.concurrentIngestsAreDeduplicated() }

    @Test("a job's review and findings are stored, read back, and replaced on retry", arguments: StoreUnderTest.allCases)
    func reviews(_ store: StoreUnderTest) async throws { try await store.suite.reviewsAreStoredAndReplaced() }
}
