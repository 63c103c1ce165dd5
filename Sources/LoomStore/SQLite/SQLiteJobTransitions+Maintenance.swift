// SQLiteJobTransitions+Maintenance: lease expiry rescue and the operator's retry and cancel.

import LoomCore
internal import LoomSQLite

extension SQLiteJobTransitions {
    /// The error a rescued job carries, so `loom jobs show` says why it ran again.
    static let leaseExpiredError = "lease expired: the worker stopped renewing it (crashed or stalled)"

    /// Expired `processing` jobs go back to `queued`, runnable now, and are returned. Those asked
    /// to stop (newer head, PR closed) end `cancelled` with the stop reason instead and are not
    /// returned: running them again could only end in the same stop. Spent attempts are the
    /// scheduler's call (it fails a claimed job whose attempts exceed the maximum).
    static func rescueExpired(now: Int64, _ cache: SQLiteConnection) throws -> [Job] {
        let update = try cache.statement("""
            UPDATE jobs SET
                status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
                reason = CASE WHEN cancel_requested = 1 THEN cancel_reason ELSE reason END,
                error = CASE WHEN cancel_requested = 1 THEN error ELSE ?2 END,
                completed_at = CASE WHEN cancel_requested = 1 THEN ?1 ELSE NULL END,
                run_at = CASE WHEN cancel_requested = 1 THEN run_at ELSE ?1 END,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE status = 'processing' AND lease_expires_at < ?1
            RETURNING id, status
            """)
        try update.bind(now, at: 1)
        try update.bind(leaseExpiredError, at: 2)
        let ids = try update.withReset { row in
            var ids: [String] = []
            while try row.step() {
                if row.text(1) == JobStatus.queued.rawValue { ids.append(row.text(0) ?? "") }
            }
            return ids
        }
        return try ids.compactMap { try SQLiteRows.job(id: $0, cache) }
    }

    /// Operator retry: a job in a final state runs again now, with attempts, reason, error and
    /// any stop request cleared. Nil when the job is unknown or not final.
    static func retry(id: String, now: Int64, _ cache: SQLiteConnection) throws -> Job? {
        let update = try cache.statement("""
            UPDATE jobs SET status = 'queued', attempts = 0, reason = NULL, error = NULL, run_at = ?1, completed_at = NULL,
                            lease_owner = NULL, lease_expires_at = NULL, cancel_requested = 0, cancel_reason = NULL
            WHERE id = ?2 AND status IN ('completed', 'skipped', 'failed', 'cancelled')
            """)
        try update.bind(now, at: 1)
        try update.bind(id, at: 2)
        guard try update.run() == 1 else { return nil }
        return try SQLiteRows.job(id: id, cache)
    }

    /// Operator cancel: a queued or processing job becomes `cancelled` now; a processing one is
    /// also flagged, so its worker stops at the next stage boundary (its lease is void, so its
    /// `finishJob` returns nil). Nil when the job is unknown or already final.
    static func cancel(id: String, reason: String, now: Int64, _ cache: SQLiteConnection) throws -> Job? {
        let update = try cache.statement("""
            UPDATE jobs SET status = 'cancelled', reason = ?1, completed_at = ?2,
                            cancel_requested = CASE WHEN status = 'processing' THEN 1 ELSE cancel_requested END,
                            cancel_reason = CASE WHEN status = 'processing' THEN ?1 ELSE cancel_reason END,
                            lease_owner = NULL, lease_expires_at = NULL
            WHERE id = ?3 AND status IN ('queued', 'processing')
            """)
        try update.bind(reason, at: 1)
        try update.bind(now, at: 2)
        try update.bind(id, at: 3)
        guard try update.run() == 1 else { return nil }
        return try SQLiteRows.job(id: id, cache)
    }
}
