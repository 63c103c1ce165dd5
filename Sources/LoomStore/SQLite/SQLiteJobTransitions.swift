// SQLiteJobTransitions: every job state change (SPEC §6), run on the writer thread.

import LoomCore
internal import LoomSQLite

/// Each transition is one guarded UPDATE whose WHERE clause is the state machine's precondition
/// (a claim only from `queued`, a result only from the lease holder), so a lost race shows as
/// zero changed rows rather than as a read-then-write window.
enum SQLiteJobTransitions {
    /// What stopping a PR's jobs did.
    struct Stopped {
        /// Queued jobs now `cancelled`.
        var cancelled: [String] = []
        /// Processing jobs now flagged to stop at their next stage boundary.
        var flagged: [String] = []
        var touched: Bool { !cancelled.isEmpty || !flagged.isEmpty }
    }

    /// Cancels the PR's queued jobs and flags its processing ones (all but `exceptHead`'s).
    /// The flag's reason is kept from the first request to stop.
    static func stopPullRequest(repositoryID: Int64, prNumber: Int, exceptHead: String?, reason: String, now: Int64,
                                _ cache: SQLiteConnection) throws -> Stopped {
        // Find the PR's active jobs through the partial index first: usually there are none or
        // one, and a plain SELECT costs far less than UPDATE … RETURNING, which SQLite runs
        // through a temporary table on every call.
        let find = try cache.statement("""
            SELECT id, status FROM jobs
            WHERE repository_id = ?1 AND pr_number = ?2 AND status IN ('queued', 'processing')
              AND (?3 IS NULL OR head_sha <> ?3)
            """)
        try find.bind(repositoryID, at: 1)
        try find.bind(prNumber, at: 2)
        try find.bind(exceptHead, at: 3)
        let active: [(id: String, queued: Bool)] = try find.withReset { row in
            var found: [(String, Bool)] = []
            while try row.step() { found.append((row.text(0) ?? "", row.text(1) == JobStatus.queued.rawValue)) }
            return found
        }
        var stopped = Stopped()
        guard !active.isEmpty else { return stopped }
        let cancel = try cache.statement("""
            UPDATE jobs SET status = 'cancelled', reason = ?1, completed_at = ?2 WHERE id = ?3 AND status = 'queued'
            """)
        let flag = try cache.statement("""
            UPDATE jobs SET cancel_requested = 1,
                            cancel_reason = CASE WHEN cancel_requested = 0 THEN ?1 ELSE cancel_reason END
            WHERE id = ?2 AND status = 'processing'
            """)
        for job in active {
            if job.queued {
                try cancel.bind(reason, at: 1)
                try cancel.bind(now, at: 2)
                try cancel.bind(job.id, at: 3)
                if try cancel.run() == 1 { stopped.cancelled.append(job.id) }
            } else {
                try flag.bind(reason, at: 1)
                try flag.bind(job.id, at: 2)
                if try flag.run() == 1 { stopped.flagged.append(job.id) }
            }
        }
        return stopped
    }

    static func claim(id: String, owner: String, leaseUntil: Int64, now: Int64, _ cache: SQLiteConnection) throws -> Job? {
        let update = try cache.statement("""
            UPDATE jobs SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, ?1),
                            lease_owner = ?2, lease_expires_at = ?3
            WHERE id = ?4 AND status = 'queued' AND run_at <= ?1
            """)
        try update.bind(now, at: 1)
        try update.bind(owner, at: 2)
        try update.bind(leaseUntil, at: 3)
        try update.bind(id, at: 4)
        guard try update.run() == 1 else { return nil }
        return try SQLiteRows.job(id: id, cache)
    }

    static func renew(ids: [String], owner: String, leaseUntil: Int64, _ cache: SQLiteConnection) throws -> Set<String> {
        let update = try cache.statement("""
            UPDATE jobs SET lease_expires_at = ?1 WHERE id = ?2 AND lease_owner = ?3 AND status = 'processing'
            """)
        var held: Set<String> = []
        for id in ids {
            try update.bind(leaseUntil, at: 1)
            try update.bind(id, at: 2)
            try update.bind(owner, at: 3)
            if try update.run() == 1 { held.insert(id) }
        }
        return held
    }

    static func finish(id: String, owner: String, result: JobResult, now: Int64, _ cache: SQLiteConnection) throws -> Job? {
        let update: SQLiteStatement
        switch result {
        case .retry(let error, let retryAt):
            // A job asked to stop (newer head, PR closed) must not run again: it ends cancelled.
            update = try cache.statement("""
                UPDATE jobs SET
                    status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
                    reason = CASE WHEN cancel_requested = 1 THEN cancel_reason ELSE reason END,
                    completed_at = CASE WHEN cancel_requested = 1 THEN ?1 ELSE NULL END,
                    run_at = CASE WHEN cancel_requested = 1 THEN run_at ELSE ?2 END,
                    error = ?3, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?4 AND lease_owner = ?5 AND status = 'processing'
                """)
            try update.bind(now, at: 1)
            try update.bind(retryAt, at: 2)
            try update.bind(error, at: 3)
        case .completed, .skipped, .failed, .cancelled:
            update = try cache.statement("""
                UPDATE jobs SET status = ?1, reason = COALESCE(?2, reason), error = COALESCE(?3, error),
                                completed_at = ?6, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?4 AND lease_owner = ?5 AND status = 'processing'
                """)
            let (status, reason, error) = final(result)
            try update.bind(status.rawValue, at: 1)
            try update.bind(reason, at: 2)
            try update.bind(error, at: 3)
            try update.bind(now, at: 6)
        }
        try update.bind(id, at: 4)
        try update.bind(owner, at: 5)
        guard try update.run() == 1 else { return nil }
        return try SQLiteRows.job(id: id, cache)
    }

    private static func final(_ result: JobResult) -> (JobStatus, String?, String?) {
        switch result {
        case .completed: (.completed, nil, nil)
        case .skipped(let reason): (.skipped, reason, nil)
        case .failed(let error): (.failed, nil, error)
        case .cancelled(let reason): (.cancelled, reason, nil)
        case .retry(let error, _): (.queued, nil, error)
        }
    }
}
