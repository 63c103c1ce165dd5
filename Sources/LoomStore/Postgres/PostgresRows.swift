// PostgresRows: the SELECT column lists for jobs and repositories and how a row becomes a value.

import LoomCore
internal import LoomPostgres

/// Row mapping shared by every PostgreSQL query, so column order is written down once.
enum PostgresRows {
    /// Job columns of `j` joined with its repository `r` for the platform and current name.
    static let jobColumns = """
        j.id, j.repository_id, r.platform, r.full_name, j.pr_number, j.head_sha, j.base_sha, j.status, \
        j.reason, j.priority, j.attempts, j.max_attempts, j.run_at, j.lease_owner, j.lease_expires_at, \
        j.error, j.created_at, j.started_at, j.completed_at, j.metadata
        """

    static let jobSelect = "SELECT \(jobColumns) FROM jobs j JOIN repositories r ON r.id = j.repository_id"

    /// The order workers take jobs in: priority, then readiness, age and id (byte order, as SQLite).
    static let runOrder = #"j.priority DESC, j.run_at, j.created_at, j.id COLLATE "C""#

    static func job(_ row: PostgresRow) throws -> Job {
        let metadataText: String = try row.decode(19)
        guard let metadata = MetadataJSON.decode(metadataText) else {
            throw PostgresStoreError.corruptValue(column: "jobs.metadata", value: metadataText)
        }
        return Job(
            id: try row.decode(0), repositoryID: try row.decode(1), platform: try platform(row, 2),
            repository: try row.decode(3), prNumber: try row.decode(4), headSHA: try row.decode(5),
            baseSHA: try row.decode(6), status: try status(row, 7), reason: try row.decode(8), priority: try row.decode(9),
            attempts: try row.decode(10), maxAttempts: try row.decode(11), runAt: try row.decode(12),
            leaseOwner: try row.decode(13), leaseExpiresAt: try row.decode(14), error: try row.decode(15),
            createdAt: try row.decode(16), startedAt: try row.decode(17), completedAt: try row.decode(18),
            metadata: metadata)
    }

    static func jobs(_ result: PostgresResult) throws -> [Job] {
        try result.map(job)
    }

    static let repositoryColumns = "id, platform, platform_id, full_name, is_active, webhook_secret, created_at, updated_at"

    static func repository(_ row: PostgresRow) throws -> Repository {
        let ref = RepositoryRef(platform: try platform(row, 1),
                                platformID: RepositoryPlaceholderID.visible(try row.decode(2)),
                                fullName: try row.decode(3))
        return Repository(id: try row.decode(0), ref: ref, isActive: try row.decode(4), webhookSecret: try row.decode(5),
                          createdAt: try row.decode(6), updatedAt: try row.decode(7))
    }

    static func repositories(_ result: PostgresResult) throws -> [Repository] {
        try result.map(repository)
    }

    private static func platform(_ row: PostgresRow, _ column: Int) throws -> Platform {
        let text: String = try row.decode(column)
        guard let platform = Platform(rawValue: text) else { throw PostgresStoreError.corruptValue(column: "platform", value: text) }
        return platform
    }

    static func status(_ row: PostgresRow, _ column: Int) throws -> JobStatus {
        let text: String = try row.decode(column)
        guard let status = JobStatus(rawValue: text) else { throw PostgresStoreError.corruptValue(column: "jobs.status", value: text) }
        return status
    }
}
