// SQLiteStore+Jobs: ingestion and the job half of Store, dispatched to the writer or the reader.

public import LoomCore

extension SQLiteStore {
    /// Durable: returns after an fsync of the log that began after the delivery's COMMIT.
    public func ingest(_ request: IngestionRequest) async throws -> IngestionOutcome {
        try await write(durable: true) { try SQLiteIngestion.ingest(request, $0) }
    }

    public func job(id: String) async throws -> Job? {
        try await read { try SQLiteRows.job(id: id, $0) }
    }

    public func listJobs(_ filter: JobFilter) async throws -> [Job] {
        try await read { try SQLiteJobQueries.list(filter, $0) }
    }

    public func readyJobs(now: Int64, limit: Int) async throws -> [Job] {
        try await read { try SQLiteJobQueries.ready(now: now, limit: limit, $0) }
    }

    public func queuedJobs(limit: Int) async throws -> [Job] {
        try await read { try SQLiteJobQueries.queued(limit: limit, $0) }
    }

    // Claims, renewals, results and rescues are queue bookkeeping: committed before returning but
    // not fsynced on their own (see SQLiteThread+GroupCommit for why that is safe).

    public func claimJob(id: String, owner: String, leaseUntil: Int64, now: Int64) async throws -> Job? {
        try await write(durable: false) { try SQLiteJobTransitions.claim(id: id, owner: owner, leaseUntil: leaseUntil, now: now, $0) }
    }

    public func renewLeases(jobIDs: [String], owner: String, leaseUntil: Int64) async throws -> Set<String> {
        guard !jobIDs.isEmpty else { return [] }
        return try await write(durable: false) { try SQLiteJobTransitions.renew(ids: jobIDs, owner: owner, leaseUntil: leaseUntil, $0) }
    }

    public func finishJob(id: String, owner: String, result: JobResult, now: Int64) async throws -> Job? {
        try await write(durable: false) { try SQLiteJobTransitions.finish(id: id, owner: owner, result: result, now: now, $0) }
    }

    public func rescueExpiredLeases(now: Int64) async throws -> [Job] {
        try await write(durable: false) { try SQLiteJobTransitions.rescueExpired(now: now, $0) }
    }

    public func isJobStale(id: String) async throws -> Bool {
        try await read { try SQLiteJobQueries.isStale(id: id, $0) }
    }

    /// Durable: an operator's action must not silently come undone.
    public func retryJob(id: String, now: Int64) async throws -> Job? {
        try await write(durable: true) { try SQLiteJobTransitions.retry(id: id, now: now, $0) }
    }

    /// Durable, like `retryJob`.
    public func cancelJob(id: String, reason: String, now: Int64) async throws -> Job? {
        try await write(durable: true) { try SQLiteJobTransitions.cancel(id: id, reason: reason, now: now, $0) }
    }

    public func jobCounts() async throws -> [JobStatus: Int] {
        try await read { try SQLiteJobQueries.counts($0) }
    }
}
