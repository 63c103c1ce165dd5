// PostgresIngestBatch: a batch of webhook deliveries (SPEC §4) applied in ONE transaction in two round trips.

import LoomCore
internal import LoomPostgres

/// Applies deliveries in order, as if one after the other, inside one transaction.
///
/// Round trip 1 — `BEGIN`, then per delivery its row (the unique key is the de-duplication
/// check; a repeat inside the batch conflicts with the earlier row) and its repository lookup.
/// Between the trips, a repository seen for the first time, renamed or added by name is written
/// (rare). Round trip 2 — the PR advisory locks of the batch in one global order, then per
/// delivery: the job insert, the supersede (or cancel) update and the job read back; `COMMIT`.
///
/// The transaction-scoped advisory lock on (repository, PR) serializes deliveries for one PR
/// across connections and processes: under READ COMMITTED two new heads arriving at once would
/// otherwise each miss the other's uncommitted job and both stay queued. Taking a batch's locks
/// sorted means two batches never wait for each other in a cycle.
enum PostgresIngestBatch {
    /// One delivery that got past de-duplication, with its repository.
    private struct Work {
        var index: Int
        var request: IngestionRequest
        var deliveryID: Int64
        var repository: PostgresRepositories.Registration
        /// Where its statements start in round trip 2.
        var position = 0
    }

    private struct RepositoryKey: Hashable {
        var platform: Platform
        var platformID: String
    }

    static func run(_ requests: [IngestionRequest], _ connection: PostgresConnection) async throws -> [IngestionOutcome] {
        var first: [PostgresStatement] = ["BEGIN"]
        var slots: [(delivery: Int, lookup: Int?)] = []
        for request in requests {
            let delivery = first.count
            first.append(PostgresIngestStatements.insertDelivery(request))
            if case .record = request.action {
                slots.append((delivery, nil))
            } else {
                slots.append((delivery, first.count))
                first.append(PostgresRepositories.lookup(request.repository))
            }
        }
        // Deliveries that are only recorded commit in the first round trip.
        let onlyRecords = slots.allSatisfy { $0.lookup == nil }
        if onlyRecords { first.append("COMMIT") }
        let found = try await connection.pipeline(first)

        var outcomes = [IngestionOutcome](repeating: .duplicateDelivery, count: requests.count)
        var work: [Work] = []
        var registered: [RepositoryKey: (PostgresRepositories.Registration, String)] = [:]
        for (index, request) in requests.enumerated() {
            guard let row = found[slots[index].delivery].first else { continue }  // a repeated delivery id
            guard let lookup = slots[index].lookup else {
                outcomes[index] = .recorded
                continue
            }
            let key = RepositoryKey(platform: request.platform, platformID: request.repository.platformID)
            var repository: PostgresRepositories.Registration
            if let (known, name) = registered[key], name == request.repository.fullName {
                repository = known
            } else {
                // A lookup older than an earlier delivery's write is still right to act on: the
                // rename or insert it leads to converges on the same row (see `resolve`).
                repository = try await PostgresRepositories.resolve(request.repository, found: found[lookup],
                                                                    now: request.receivedAt, connection)
                registered[key] = (repository, request.repository.fullName)
            }
            work.append(Work(index: index, request: request, deliveryID: try row.decode(0), repository: repository))
        }
        if onlyRecords { return outcomes }

        var second = lockStatements(work)
        for position in work.indices {
            work[position].position = second.count
            second += statements(for: work[position])
        }
        second.append("COMMIT")
        let results = try await connection.pipeline(second)
        for item in work {
            outcomes[item.index] = try outcome(of: item, results)
        }
        return outcomes
    }

    /// The PR locks of every delivery that will touch jobs, each once, in ascending order.
    private static func lockStatements(_ work: [Work]) -> [PostgresStatement] {
        var keys: Set<PostgresIngestStatements.PullRequestLock> = []
        for item in work where item.repository.isActive {
            switch item.request.action {
            case .enqueue(let job): keys.insert(.init(repositoryID: item.repository.id, prNumber: job.prNumber))
            case .cancelPullRequest(let number, _): keys.insert(.init(repositoryID: item.repository.id, prNumber: number))
            case .record: break
            }
        }
        return keys.sorted().map(PostgresIngestStatements.lockPullRequest)
    }

    private static func statements(for item: Work) -> [PostgresStatement] {
        guard item.repository.isActive else { return [PostgresIngestStatements.markDisabled(deliveryID: item.deliveryID)] }
        let now = item.request.receivedAt
        let repositoryID = item.repository.id
        switch item.request.action {
        case .enqueue(let job):
            return [
                PostgresIngestStatements.insertJob(job, repositoryID: repositoryID, now: now),
                PostgresIngestStatements.supersede(job, repositoryID: repositoryID, deliveryID: item.deliveryID, now: now),
                PostgresIngestStatements.jobByKey(job, repositoryID: repositoryID),
            ]
        case .cancelPullRequest(let number, let reason):
            return [PostgresIngestStatements.stopPullRequest(repositoryID: repositoryID, prNumber: number, reason: reason, now: now)]
        case .record:
            return []
        }
    }

    private static func outcome(of item: Work, _ results: [PostgresResult]) throws -> IngestionOutcome {
        guard item.repository.isActive else { return .repositoryDisabled }
        switch item.request.action {
        case .enqueue(let job):
            guard let row = results[item.position + 2].first else {
                throw PostgresStoreError.corruptValue(column: "jobs.head_sha", value: job.headSHA)
            }
            let stored = try PostgresRows.job(row)
            guard stored.id == job.id else { return .jobExists(stored) }
            return .jobCreated(stored, superseded: try PostgresIngestStatements.cancelledIDs(results[item.position + 1]))
        case .cancelPullRequest:
            return .cancelled(jobIDs: try PostgresIngestStatements.cancelledIDs(results[item.position]))
        case .record:
            return .recorded
        }
    }
}
