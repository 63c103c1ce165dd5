// PostgresIngestStatements: the SQL of ingestion — delivery row, PR lock, job insert, supersede and cancel.

import LoomCore
internal import LoomPostgres

/// The statements an ingest is made of. None needs another's result on the client: each decides
/// from what the earlier ones of its transaction wrote (the new job's row exists or it does
/// not), so a whole batch of them travels as one pipeline.
enum PostgresIngestStatements {
    /// Inserts the job unless (repository, PR, head) has one already.
    static func insertJob(_ job: NewJob, repositoryID: Int64, now: Int64) -> PostgresStatement {
        PostgresStatement("""
            INSERT INTO jobs (id, repository_id, pr_number, head_sha, base_sha, status, priority, attempts, max_attempts,
                              run_at, metadata, created_at)
            VALUES ($1, $2, $3, $4, $5, 'queued', $6, 0, $7, $8, $9, $8)
            ON CONFLICT (repository_id, pr_number, head_sha) DO NOTHING
            """, [.text(job.id), .int64(repositoryID), .int(job.prNumber), .text(job.headSHA), PostgresValue(job.baseSHA),
                  .int(job.priority), .int(job.maxAttempts), .int64(now), .text(MetadataJSON.encode(job.metadata))])
    }

    /// The job of (repository, PR, head): the new one, or the one that was there.
    static func jobByKey(_ job: NewJob, repositoryID: Int64) -> PostgresStatement {
        PostgresStatement(PostgresRows.jobSelect + " WHERE j.repository_id = $1 AND j.pr_number = $2 AND j.head_sha = $3",
                          [.int64(repositoryID), .int(job.prNumber), .text(job.headSHA)])
    }

    /// Records that the repository is disabled as the delivery's outcome.
    static func markDisabled(deliveryID: Int64) -> PostgresStatement {
        PostgresStatement("UPDATE webhook_deliveries SET outcome = $1 WHERE id = $2",
                          [.text(DeliveryOutcome.repoNotEnabled.rawValue), .int64(deliveryID)])
    }

    /// The delivery row with the outcome its action usually has (rewritten when it differs);
    /// returns its id, or no row when (platform, delivery id) is recorded already. A nil id
    /// never conflicts: unique constraints treat NULLs as distinct.
    static func insertDelivery(_ request: IngestionRequest) -> PostgresStatement {
        let usual: String
        switch request.action {
        case .record(let outcome): usual = outcome
        case .enqueue: usual = DeliveryOutcome.queued.rawValue
        case .cancelPullRequest: usual = DeliveryOutcome.cancelled.rawValue
        }
        return PostgresStatement("""
            INSERT INTO webhook_deliveries (platform, delivery_id, event, repository, received_at, outcome)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (platform, delivery_id) DO NOTHING
            RETURNING id
            """, [.text(request.platform.rawValue), PostgresValue(request.deliveryID), .text(request.event),
                  .text(request.repository.fullName), .int64(request.receivedAt), .text(usual)])
    }

    /// Waits for other transactions working on the same PR (released at COMMIT or ROLLBACK).
    /// The two-key form keeps these locks apart from the migration lock's one-key space.
    static func lockPullRequest(_ key: PullRequestLock) -> PostgresStatement {
        PostgresStatement("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [.int64(Int64(key.repository)), .int64(Int64(key.pr))])
    }

    /// An advisory lock key for one PR (ids folded to 32 bits: a collision only makes two PRs wait for each other).
    struct PullRequestLock: Hashable, Comparable {
        var repository: Int32
        var pr: Int32

        init(repositoryID: Int64, prNumber: Int) {
            repository = Int32(truncatingIfNeeded: repositoryID)
            pr = Int32(truncatingIfNeeded: prNumber)
        }

        static func < (a: PullRequestLock, b: PullRequestLock) -> Bool { (a.repository, a.pr) < (b.repository, b.pr) }
    }

    /// Supersedes the PR's other active jobs, but only if this delivery created its job; records
    /// `superseded_older` when it touched any, or `duplicate_job` when the job existed already.
    static func supersede(_ job: NewJob, repositoryID: Int64, deliveryID: Int64, now: Int64) -> PostgresStatement {
        PostgresStatement("""
            WITH created AS (
                SELECT 1 FROM jobs WHERE id = $1 AND repository_id = $2 AND pr_number = $3 AND head_sha = $4
            ), stopped AS (
                \(stopUpdate(repository: "$2", pr: "$3", reason: "$5", now: "$6"))
                  AND head_sha <> $4 AND EXISTS (SELECT 1 FROM created)
                RETURNING id, status, created_at
            ), recorded AS (
                UPDATE webhook_deliveries
                SET outcome = CASE WHEN EXISTS (SELECT 1 FROM created) THEN $7 ELSE $8 END
                WHERE id = $9 AND (NOT EXISTS (SELECT 1 FROM created) OR EXISTS (SELECT 1 FROM stopped))
            )
            SELECT id, status FROM stopped ORDER BY created_at, id COLLATE "C"
            """, [.text(job.id), .int64(repositoryID), .int(job.prNumber), .text(job.headSHA), "superseded", .int64(now),
                  .text(DeliveryOutcome.supersededOlder.rawValue), .text(DeliveryOutcome.duplicateJob.rawValue),
                  .int64(deliveryID)])
    }

    /// Cancels the PR's queued jobs and flags its processing ones (a closed PR).
    static func stopPullRequest(repositoryID: Int64, prNumber: Int, reason: String, now: Int64) -> PostgresStatement {
        PostgresStatement("""
            WITH stopped AS (
                \(stopUpdate(repository: "$1", pr: "$2", reason: "$3", now: "$4"))
                RETURNING id, status, created_at
            )
            SELECT id, status FROM stopped ORDER BY created_at, id COLLATE "C"
            """, [.int64(repositoryID), .int(prNumber), .text(reason), .int64(now)])
    }

    /// One UPDATE for both cases, so a job claimed meanwhile is re-checked on its new row and
    /// flagged rather than missed. The arguments are placeholder names (`$2`), never values.
    /// The flag's reason is kept from the first request to stop.
    private static func stopUpdate(repository: String, pr: String, reason: String, now: String) -> String {
        """
        UPDATE jobs SET
                    status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                    reason = CASE WHEN status = 'queued' THEN \(reason) ELSE reason END,
                    completed_at = CASE WHEN status = 'queued' THEN \(now) ELSE completed_at END,
                    cancel_reason = CASE WHEN status = 'processing' AND NOT cancel_requested THEN \(reason)
                                         ELSE cancel_reason END,
                    cancel_requested = cancel_requested OR status = 'processing'
                WHERE repository_id = \(repository) AND pr_number = \(pr) AND status IN ('queued', 'processing')
        """
    }

    /// The ids the stop cancelled (as opposed to flagged), in creation order.
    static func cancelledIDs(_ result: PostgresResult) throws -> [String] {
        try result.compactMap { row in
            try PostgresRows.status(row, 1) == .cancelled ? try row.decode(0) as String : nil
        }
    }
}
