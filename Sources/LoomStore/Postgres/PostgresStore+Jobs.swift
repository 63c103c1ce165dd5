// PostgresStore+Jobs: ingestion and the job half of Store on PostgreSQL.

public import LoomCore
internal import LoomPostgres

extension PostgresStore {
    /// Durable: returns after the WAL flush of the COMMIT that holds this delivery (often
    /// shared with concurrent deliveries: group commit).
    public func ingest(_ request: IngestionRequest) async throws -> IngestionOutcome {
        try await ingestQueue.ingest(request)
    }

    public func job(id: String) async throws -> Job? {
        try PostgresRows.jobs(try await run(PostgresJobStatements.byID(id))).first
    }

    public func listJobs(_ filter: JobFilter) async throws -> [Job] {
        try PostgresRows.jobs(try await run(PostgresJobStatements.list(filter)))
    }

    public func readyJobs(now: Int64, limit: Int) async throws -> [Job] {
        try PostgresRows.jobs(try await run(PostgresJobStatements.ready(now: now, limit: limit)))
    }

    public func queuedJobs(limit: Int) async throws -> [Job] {
        try PostgresRows.jobs(try await run(PostgresJobStatements.queued(limit: limit)))
    }

    // Claims, renewals, results and rescues are queue bookkeeping: committed before returning but
    // without waiting for the WAL flush (`Store` explains why the lease rules make that safe).

    public func claimJob(id: String, owner: String, leaseUntil: Int64, now: Int64) async throws -> Job? {
        let claimed = try await transaction(durable: false, PostgresJobStatements.claim(id: id, owner: owner, leaseUntil: leaseUntil, now: now))
        return try PostgresRows.jobs(claimed).first
    }

    public func renewLeases(jobIDs: [String], owner: String, leaseUntil: Int64) async throws -> Set<String> {
        guard !jobIDs.isEmpty else { return [] }
        let results = try await transaction(durable: false, jobIDs.map {
            PostgresJobStatements.renew(id: $0, owner: owner, leaseUntil: leaseUntil)
        })
        return Set(zip(jobIDs, results).filter { $0.1.affectedRows == 1 }.map(\.0))
    }

    public func finishJob(id: String, owner: String, result: JobResult, now: Int64) async throws -> Job? {
        let finished = try await transaction(durable: false, PostgresJobStatements.finish(id: id, owner: owner, result: result, now: now))
        return try PostgresRows.jobs(finished).first
    }

    public func rescueExpiredLeases(now: Int64) async throws -> [Job] {
        try PostgresRows.jobs(try await transaction(durable: false, PostgresJobStatements.rescueExpired(now: now)))
    }

    public func isJobStale(id: String) async throws -> Bool {
        guard let row = try await run(PostgresJobStatements.staleness(id: id)).first else { return true }
        let flagged: Bool = try row.decode(0)
        return try flagged || PostgresRows.status(row, 1) == .cancelled
    }

    /// Durable: an operator's action must not silently come undone.
    public func retryJob(id: String, now: Int64) async throws -> Job? {
        try PostgresRows.jobs(try await run(PostgresJobStatements.retry(id: id, now: now))).first
    }

    /// Durable, like `retryJob`.
    public func cancelJob(id: String, reason: String, now: Int64) async throws -> Job? {
        try PostgresRows.jobs(try await run(PostgresJobStatements.cancel(id: id, reason: reason, now: now))).first
    }

    public func jobCounts() async throws -> [JobStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        for row in try await run(PostgresJobStatements.counts) {
            guard let status = JobStatus(rawValue: try row.decode(0)) else { continue }
            counts[status] = try row.decode(1)
        }
        return counts
    }
}
