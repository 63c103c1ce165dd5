// PostgresJobStatements: every job read and state change (SPEC §6) as one PostgreSQL statement each.

import LoomCore
internal import LoomPostgres

/// Job statements. Each transition is one guarded UPDATE whose WHERE clause is the state
/// machine's precondition (a claim only from `queued`, a result only from the lease holder):
/// concurrent workers on other machines race on the row lock, and the loser re-checks the
/// condition on the winner's row version and matches nothing, instead of acting on a stale read.
/// Each returns the job's new row (joined with its repository) through `UPDATE … FROM … RETURNING`.
enum PostgresJobStatements {
    /// `UPDATE jobs j SET <assignments> FROM repositories r WHERE r.id = j.repository_id AND <condition> RETURNING <job>`.
    private static func update(_ assignments: String, where condition: String, _ parameters: [PostgresValue]) -> PostgresStatement {
        PostgresStatement("""
            UPDATE jobs j SET \(assignments)
            FROM repositories r
            WHERE r.id = j.repository_id AND \(condition)
            RETURNING \(PostgresRows.jobColumns)
            """, parameters)
    }

    static func byID(_ id: String) -> PostgresStatement {
        PostgresStatement(PostgresRows.jobSelect + " WHERE j.id = $1", [.text(id)])
    }

    /// One text per filter combination, so each gets the plan that uses its index.
    static func list(_ filter: JobFilter) -> PostgresStatement {
        var conditions: [String] = []
        var parameters: [PostgresValue] = []
        if let status = filter.status {
            parameters.append(.text(status.rawValue))
            conditions.append("j.status = $\(parameters.count)")
        }
        if let repository = filter.repository {
            parameters.append(.text(repository))
            conditions.append("lower(r.full_name) = lower($\(parameters.count))")
        }
        parameters.append(.int(filter.limit))
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return PostgresStatement(PostgresRows.jobSelect + whereClause
                                 + #" ORDER BY j.created_at DESC, j.id COLLATE "C" DESC LIMIT $\#(parameters.count)"#, parameters)
    }

    static func ready(now: Int64, limit: Int) -> PostgresStatement {
        PostgresStatement(PostgresRows.jobSelect + " WHERE j.status = 'queued' AND j.run_at <= $1 ORDER BY \(PostgresRows.runOrder) LIMIT $2",
                          [.int64(now), .int(max(limit, 0))])
    }

    static func queued(limit: Int) -> PostgresStatement {
        PostgresStatement(PostgresRows.jobSelect + " WHERE j.status = 'queued' ORDER BY \(PostgresRows.runOrder) LIMIT $1",
                          [.int(max(limit, 0))])
    }

    static func staleness(id: String) -> PostgresStatement {
        PostgresStatement("SELECT cancel_requested, status FROM jobs WHERE id = $1", [.text(id)])
    }

    static let counts = PostgresStatement("SELECT status, count(*) FROM jobs GROUP BY status")

    static func claim(id: String, owner: String, leaseUntil: Int64, now: Int64) -> PostgresStatement {
        update("""
            status = 'processing', attempts = j.attempts + 1, started_at = COALESCE(j.started_at, $1),
            lease_owner = $2, lease_expires_at = $3
            """, where: "j.id = $4 AND j.status = 'queued' AND j.run_at <= $1",
            [.int64(now), .text(owner), .int64(leaseUntil), .text(id)])
    }

    static func renew(id: String, owner: String, leaseUntil: Int64) -> PostgresStatement {
        PostgresStatement("UPDATE jobs SET lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'processing'",
                          [.int64(leaseUntil), .text(id), .text(owner)])
    }

    static func finish(id: String, owner: String, result: JobResult, now: Int64) -> PostgresStatement {
        let holder = "j.id = $1 AND j.lease_owner = $2 AND j.status = 'processing'"
        switch result {
        case .retry(let error, let retryAt):
            // A job asked to stop (newer head, PR closed) must not run again: it ends cancelled.
            return update("""
                status = CASE WHEN j.cancel_requested THEN 'cancelled' ELSE 'queued' END,
                reason = CASE WHEN j.cancel_requested THEN j.cancel_reason ELSE j.reason END,
                completed_at = CASE WHEN j.cancel_requested THEN $3 END,
                run_at = CASE WHEN j.cancel_requested THEN j.run_at ELSE $4 END,
                error = $5, lease_owner = NULL, lease_expires_at = NULL
                """, where: holder, [.text(id), .text(owner), .int64(now), .int64(retryAt), .text(error)])
        case .completed, .skipped, .failed, .cancelled:
            let (status, reason, error): (JobStatus, String?, String?) = switch result {
            case .skipped(let reason): (.skipped, reason, nil)
            case .failed(let error): (.failed, nil, error)
            case .cancelled(let reason): (.cancelled, reason, nil)
            default: (.completed, nil, nil)
            }
            // A NULL reason or error keeps the old one.
            return update("""
                status = $3, reason = COALESCE($4, j.reason), error = COALESCE($5, j.error), completed_at = $6,
                lease_owner = NULL, lease_expires_at = NULL
                """, where: holder, [.text(id), .text(owner), .text(status.rawValue), PostgresValue(reason),
                                     PostgresValue(error), .int64(now)])
        }
    }

    /// Expired `processing` jobs back to `queued`, runnable now; those asked to stop end
    /// `cancelled` and are not returned. Spent attempts are the scheduler's call.
    static func rescueExpired(now: Int64) -> PostgresStatement {
        PostgresStatement("""
            WITH rescued AS (
                UPDATE jobs SET
                    status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,
                    reason = CASE WHEN cancel_requested THEN cancel_reason ELSE reason END,
                    error = CASE WHEN cancel_requested THEN error ELSE $2 END,
                    completed_at = CASE WHEN cancel_requested THEN $1 END,
                    run_at = CASE WHEN cancel_requested THEN run_at ELSE $1 END,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE status = 'processing' AND lease_expires_at < $1
                RETURNING *
            )
            SELECT \(PostgresRows.jobColumns) FROM rescued j JOIN repositories r ON r.id = j.repository_id
            WHERE j.status = 'queued' ORDER BY \(PostgresRows.runOrder)
            """, [.int64(now), .text(InMemoryStore.leaseExpiredError)])
    }

    /// Operator retry: a final job runs again now, attempts, reason, error and stop request cleared.
    static func retry(id: String, now: Int64) -> PostgresStatement {
        update("""
            status = 'queued', attempts = 0, reason = NULL, error = NULL, run_at = $1, completed_at = NULL,
            lease_owner = NULL, lease_expires_at = NULL, cancel_requested = FALSE, cancel_reason = NULL
            """, where: "j.id = $2 AND j.status IN ('completed', 'skipped', 'failed', 'cancelled')", [.int64(now), .text(id)])
    }

    /// Operator cancel: queued or processing → `cancelled` now; a processing one is also flagged.
    static func cancel(id: String, reason: String, now: Int64) -> PostgresStatement {
        update("""
            status = 'cancelled', reason = $1, completed_at = $2,
            cancel_requested = j.cancel_requested OR j.status = 'processing',
            cancel_reason = CASE WHEN j.status = 'processing' THEN $1 ELSE j.cancel_reason END,
            lease_owner = NULL, lease_expires_at = NULL
            """, where: "j.id = $3 AND j.status IN ('queued', 'processing')", [.text(reason), .int64(now), .text(id)])
    }
}
