// SQLiteIngestion: one webhook delivery's effect (SPEC §4), run inside the writer's transaction.

import LoomCore
internal import LoomSQLite

/// `Store.ingest` for SQLite. Runs on the writer thread inside the batch transaction and its own
/// savepoint, so the delivery row and the job changes commit (or roll back) together.
enum SQLiteIngestion {
    static func ingest(_ request: IngestionRequest, _ cache: SQLiteConnection) throws -> IngestionOutcome {
        // The delivery row goes in first, with the outcome this action usually has: its unique
        // key is the de-duplication check, and in the common case nothing has to be rewritten.
        let usual: String
        switch request.action {
        case .record(let outcome): usual = outcome
        case .enqueue: usual = DeliveryOutcome.queued.rawValue
        case .cancelPullRequest: usual = DeliveryOutcome.cancelled.rawValue
        }
        guard let delivery = try insertDelivery(request, outcome: usual, cache) else { return .duplicateDelivery }
        let now = request.receivedAt
        switch request.action {
        case .record:
            return .recorded
        case .enqueue(let newJob):
            let repository = try SQLiteRepositories.register(request.repository, now: now, cache)
            guard repository.isActive else { return try disabled(delivery, cache) }
            if let existing = try insertJob(newJob, request, repositoryID: repository.id, cache) {
                try setOutcome(of: delivery, .duplicateJob, cache)
                return .jobExists(existing)
            }
            let superseded = try SQLiteJobTransitions.stopPullRequest(
                repositoryID: repository.id, prNumber: newJob.prNumber, exceptHead: newJob.headSHA, reason: "superseded",
                now: now, cache)
            if superseded.touched { try setOutcome(of: delivery, .supersededOlder, cache) }
            let job = Job(id: newJob.id, repositoryID: repository.id, platform: request.platform,
                          repository: request.repository.fullName, prNumber: newJob.prNumber, headSHA: newJob.headSHA,
                          baseSHA: newJob.baseSHA, status: .queued, priority: newJob.priority,
                          maxAttempts: newJob.maxAttempts, runAt: now, createdAt: now, metadata: newJob.metadata)
            return .jobCreated(job, superseded: superseded.cancelled)
        case .cancelPullRequest(let number, let reason):
            let repository = try SQLiteRepositories.register(request.repository, now: now, cache)
            guard repository.isActive else { return try disabled(delivery, cache) }
            let stopped = try SQLiteJobTransitions.stopPullRequest(
                repositoryID: repository.id, prNumber: number, exceptHead: nil, reason: reason, now: now, cache)
            return .cancelled(jobIDs: stopped.cancelled)
        }
    }

    private static func disabled(_ delivery: Int64, _ cache: SQLiteConnection) throws -> IngestionOutcome {
        try setOutcome(of: delivery, .repoNotEnabled, cache)
        return .repositoryDisabled
    }

    /// Records the delivery; nil when (platform, delivery id) is already recorded. A nil id never
    /// conflicts: SQL unique constraints treat NULLs as distinct.
    private static func insertDelivery(_ request: IngestionRequest, outcome: String, _ cache: SQLiteConnection) throws -> Int64? {
        let insert = try cache.statement("""
            INSERT INTO webhook_deliveries (platform, delivery_id, event, repository, received_at, outcome)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (platform, delivery_id) DO NOTHING
            """)
        try insert.bind(request.platform.rawValue, at: 1)
        try insert.bind(request.deliveryID, at: 2)
        try insert.bind(request.event, at: 3)
        try insert.bind(request.repository.fullName, at: 4)
        try insert.bind(request.receivedAt, at: 5)
        try insert.bind(outcome, at: 6)
        guard try insert.run() == 1 else { return nil }
        return cache.database.lastInsertRowID
    }

    private static func setOutcome(of delivery: Int64, _ outcome: DeliveryOutcome, _ cache: SQLiteConnection) throws {
        let update = try cache.statement("UPDATE webhook_deliveries SET outcome = ?1 WHERE id = ?2")
        try update.bind(outcome.rawValue, at: 1)
        try update.bind(delivery, at: 2)
        try update.run()
    }

    /// Inserts the job unless one exists for its (repository, PR, head); returns that one if so.
    /// ON CONFLICT makes the common case (a new head) one statement instead of a lookup first.
    private static func insertJob(_ job: NewJob, _ request: IngestionRequest, repositoryID: Int64,
                                  _ cache: SQLiteConnection) throws -> Job? {
        let insert = try cache.statement("""
            INSERT INTO jobs (id, repository_id, pr_number, head_sha, base_sha, status, priority, attempts, max_attempts,
                              run_at, metadata, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, 0, ?7, ?8, ?9, ?8)
            ON CONFLICT (repository_id, pr_number, head_sha) DO NOTHING
            """)
        try insert.bind(job.id, at: 1)
        try insert.bind(repositoryID, at: 2)
        try insert.bind(job.prNumber, at: 3)
        try insert.bind(job.headSHA, at: 4)
        try insert.bind(job.baseSHA, at: 5)
        try insert.bind(job.priority, at: 6)
        try insert.bind(job.maxAttempts, at: 7)
        try insert.bind(request.receivedAt, at: 8)
        try insert.bind(MetadataJSON.encode(job.metadata), at: 9)
        if try insert.run() == 1 { return nil }
        let select = try cache.statement(SQLiteRows.jobSelect + " WHERE j.repository_id = ?1 AND j.pr_number = ?2 AND j.head_sha = ?3")
        try select.bind(repositoryID, at: 1)
        try select.bind(job.prNumber, at: 2)
        try select.bind(job.headSHA, at: 3)
        guard let existing = try SQLiteRows.jobs(select).first else {
            throw SQLiteStoreError.corruptValue(column: "jobs.head_sha", value: job.headSHA)
        }
        return existing
    }
}
