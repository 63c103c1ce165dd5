// SQLiteRows: the SELECT column lists for jobs and repositories and how a row becomes a value.

import LoomCore
internal import LoomSQLite

/// Row mapping shared by every query, so column order is written down once.
enum SQLiteRows {
    /// Job columns, joined with the repository for its platform and name; `j` and `r` aliases.
    static let jobSelect = """
        SELECT j.id, j.repository_id, r.platform, r.full_name, j.pr_number, j.head_sha, j.base_sha, j.status,
               j.reason, j.priority, j.attempts, j.max_attempts, j.run_at, j.lease_owner, j.lease_expires_at,
               j.error, j.created_at, j.started_at, j.completed_at, j.metadata
        FROM jobs j JOIN repositories r ON r.id = j.repository_id
        """

    static func job(_ row: SQLiteStatement) throws -> Job {
        let metadataText = row.text(19) ?? "{}"
        guard let metadata = MetadataJSON.decode(metadataText) else {
            throw SQLiteStoreError.corruptValue(column: "jobs.metadata", value: metadataText)
        }
        return Job(
            id: row.text(0) ?? "", repositoryID: row.int64(1), platform: try platform(row, 2),
            repository: row.text(3) ?? "", prNumber: row.int(4), headSHA: row.text(5) ?? "",
            baseSHA: row.text(6), status: try status(row, 7), reason: row.text(8), priority: row.int(9),
            attempts: row.int(10), maxAttempts: row.int(11), runAt: row.int64(12), leaseOwner: row.text(13),
            leaseExpiresAt: row.optionalInt64(14), error: row.text(15), createdAt: row.int64(16),
            startedAt: row.optionalInt64(17), completedAt: row.optionalInt64(18), metadata: metadata)
    }

    /// Every job the statement returns (already bound), then resets it.
    static func jobs(_ statement: SQLiteStatement) throws -> [Job] {
        try statement.withReset { row in
            var jobs: [Job] = []
            while try row.step() { jobs.append(try job(row)) }
            return jobs
        }
    }

    /// The job with `id`, if any.
    static func job(id: String, _ cache: SQLiteConnection) throws -> Job? {
        let statement = try cache.statement(jobSelect + " WHERE j.id = ?1")
        try statement.bind(id, at: 1)
        return try jobs(statement).first
    }

    static let repositorySelect = """
        SELECT id, platform, platform_id, full_name, is_active, webhook_secret, created_at, updated_at FROM repositories
        """

    static func repository(_ row: SQLiteStatement) throws -> Repository {
        let ref = RepositoryRef(platform: try platform(row, 1),
                                platformID: RepositoryPlaceholderID.visible(row.text(2) ?? ""),
                                fullName: row.text(3) ?? "")
        return Repository(id: row.int64(0), ref: ref, isActive: row.int64(4) != 0, webhookSecret: row.text(5),
                          createdAt: row.int64(6), updatedAt: row.int64(7))
    }

    /// Every repository the statement returns (already bound), then resets it.
    static func repositories(_ statement: SQLiteStatement) throws -> [Repository] {
        try statement.withReset { row in
            var repositories: [Repository] = []
            while try row.step() { repositories.append(try repository(row)) }
            return repositories
        }
    }

    private static func platform(_ row: SQLiteStatement, _ column: Int32) throws -> Platform {
        let text = row.text(column) ?? ""
        guard let platform = Platform(rawValue: text) else { throw SQLiteStoreError.corruptValue(column: "platform", value: text) }
        return platform
    }

    private static func status(_ row: SQLiteStatement, _ column: Int32) throws -> JobStatus {
        let text = row.text(column) ?? ""
        guard let status = JobStatus(rawValue: text) else { throw SQLiteStoreError.corruptValue(column: "jobs.status", value: text) }
        return status
    }
}
