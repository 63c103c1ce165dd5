// Store: everything Loom persists — repositories, deliveries, jobs (and later reviews, findings) — behind one protocol.

public import LoomCore

/// Durable state. The embedded default is `SQLiteStore`; `PostgresStore` arrives with scale-out.
/// Every implementation passes the same conformance suite.
///
/// Methods are `async` because implementations keep blocking I/O off the caller's thread (SQLite
/// on its own writer thread, PostgreSQL on a reactor loop). Times are wall-clock nanoseconds
/// since the Unix epoch, passed in by the caller (who owns the clock), and stored as such.
///
/// Durability: `ingest` and the operator actions (`retryJob`, `cancelJob`, repository changes)
/// return only after their transaction is durable (fsynced). Queue bookkeeping (`claimJob`,
/// `renewLeases`, `finishJob`, `rescueExpiredLeases`) returns after its commit, which an
/// implementation may leave unsynced: after a power cut such a change may be lost (never half
/// applied), and the lease rules make that safe — the job is still queued, or processing with a
/// lease that expires and returns it to the queue.
public protocol Store: Sendable {
    /// Applies pending migrations in order, recording each in `schema_migrations`.
    func migrate() async throws

    /// Cheap reachability check for /health.
    func ping() async throws

    /// Finishes queued work and releases connections and threads; later calls throw.
    /// The default does nothing (stores that hold nothing).
    func close() async

    // MARK: Webhook ingestion (the hot path)

    /// Records a delivery and applies its effect in ONE transaction. Returns only after the
    /// transaction is durable. In order:
    /// - A delivery id already recorded for the platform → `.duplicateDelivery`, nothing changes.
    ///   A nil id is never a duplicate.
    /// - `.record(outcome:)` only records the delivery with that outcome (no repository is
    ///   registered — the caller may be recording a repository the allowlist refused) → `.recorded`.
    /// - `.enqueue` and `.cancelPullRequest` register the repository on first sight (active; the
    ///   caller applied the allowlist), matched by (platform, platform id), and update its full
    ///   name when it changed (a rename). A disabled repository → `.repositoryDisabled`, the
    ///   delivery recorded as `repo_not_enabled`, nothing else changes.
    /// - `.enqueue`: a job for (repository, PR, head) exists → `.jobExists`. Otherwise the job is
    ///   inserted (`queued`, `run_at` = `created_at` = `receivedAt`); every `queued` job of the PR
    ///   with another head becomes `cancelled`, reason `superseded` (their ids in `superseded`),
    ///   and every `processing` one is flagged so `isJobStale` turns true → `.jobCreated`.
    /// - `.cancelPullRequest`: the PR's `queued` jobs become `cancelled` with the given reason
    ///   (their ids returned), its `processing` ones are flagged → `.cancelled`.
    /// The delivery's `outcome` column says what happened (`DeliveryOutcome`, or the recorded string).
    func ingest(_ request: IngestionRequest) async throws -> IngestionOutcome

    // MARK: Jobs

    func job(id: String) async throws -> Job?

    /// Newest first, filtered by status and repository full name.
    func listJobs(_ filter: JobFilter) async throws -> [Job]

    /// Ready jobs (`queued` and `run_at` ≤ `now`) ordered by priority (higher first), then
    /// `run_at`, `created_at` and id, without claiming them; the local queue loads these at start-up.
    func readyJobs(now: Int64, limit: Int) async throws -> [Job]

    /// Every `queued` job with its `run_at` (ready or delayed), for rebuilding an in-memory queue;
    /// same order as `readyJobs`.
    func queuedJobs(limit: Int) async throws -> [Job]

    /// Marks a queued job whose `run_at` ≤ `now` as `processing` for `owner` until `leaseUntil`,
    /// counts the attempt and sets `started_at` on its first start (later attempts keep it).
    /// Returns nil when the job is not queued (cancelled, claimed by someone else) or not due yet.
    func claimJob(id: String, owner: String, leaseUntil: Int64, now: Int64) async throws -> Job?

    /// Extends the lease of jobs `owner` still holds (`processing` under its name, even if the
    /// lease time already passed but no rescue ran); returns the ids it still holds.
    func renewLeases(jobIDs: [String], owner: String, leaseUntil: Int64) async throws -> Set<String>

    /// Ends a `processing` job held by `owner`: `completed`, `skipped` (reason), `failed` (error),
    /// `cancelled` (reason) — each setting `completed_at` and clearing the lease — or back to
    /// `queued` with `run_at` = `retryAt` and the error for a retry. A retry of a job flagged to
    /// stop (see `isJobStale`) ends `cancelled` with the stop reason instead: it must not run
    /// again. Returns the updated job, nil if `owner` no longer holds it (its lease expired and
    /// it was rescued or taken, or an operator cancelled it).
    func finishJob(id: String, owner: String, result: JobResult, now: Int64) async throws -> Job?

    /// Returns jobs whose lease expired (`processing`, `lease_expires_at` < `now`) to `queued`,
    /// runnable at `now`, lease cleared, and returns them. Expired jobs flagged to stop end
    /// `cancelled` with the stop reason instead and are not returned. (Spent attempts are the
    /// scheduler's to judge when it claims the job again.)
    func rescueExpiredLeases(now: Int64) async throws -> [Job]

    /// True when a newer head arrived for the job's PR or the PR was closed, or an operator
    /// cancelled the job (or it no longer exists), so a running job must stop at its next stage
    /// boundary without posting.
    func isJobStale(id: String) async throws -> Bool

    /// Operator retry: a job in a final state goes back to `queued` with `run_at` = `now`,
    /// attempts 0, and reason, error, completion time and any stop flag cleared. Nil when the job
    /// is unknown or not final.
    func retryJob(id: String, now: Int64) async throws -> Job?

    /// Operator cancel: a queued or processing job becomes `cancelled` with `reason` at once (a
    /// processing one is also flagged, so its worker stops and its `finishJob` returns nil).
    /// Nil when the job is unknown or already final.
    func cancelJob(id: String, reason: String, now: Int64) async throws -> Job?

    /// Number of jobs per status (for metrics and the queue depth).
    func jobCounts() async throws -> [JobStatus: Int]

    // MARK: Reviews

    /// Stores a job's review and findings, replacing what an earlier attempt of the same job stored.
    func saveReview(_ review: ReviewRecord, findings: [FindingRecord]) async throws

    /// The stored review of a job and its findings, nil when the job has none.
    func review(jobID: String) async throws -> (review: ReviewRecord, findings: [FindingRecord])?

    // MARK: Repositories

    func repositories() async throws -> [Repository]

    /// The repository with this full name (matched ignoring ASCII case where the store can).
    func repository(platform: Platform, fullName: String) async throws -> Repository?

    /// Registers a repository (or returns the existing one) — `loom repos add`. An empty
    /// `platformID` means "not known yet" (the CLI only has the name): the row is adopted, and
    /// its real id filled in, by the first webhook for that full name; until then the stored
    /// repository shows an empty `platformID`.
    func addRepository(_ ref: RepositoryRef, now: Int64) async throws -> Repository

    /// Enables or disables a repository (by full name); returns nil when unknown.
    func setRepositoryActive(platform: Platform, fullName: String, active: Bool, now: Int64) async throws -> Repository?
}

extension Store {
    public func close() async {}
}

/// What to list.
public struct JobFilter: Sendable {
    public var status: JobStatus?
    /// The repository's full name.
    public var repository: String?
    /// 1…500.
    public var limit: Int

    public init(status: JobStatus? = nil, repository: String? = nil, limit: Int = 50) {
        self.status = status
        self.repository = repository
        self.limit = min(max(limit, 1), 500)
    }
}

/// How a job run ends, as the store applies it.
public enum JobResult: Equatable, Sendable {
    case completed
    case skipped(reason: String)
    case failed(error: String)
    case cancelled(reason: String)
    /// Back to `queued`, to run again at `retryAt` (wall-clock ns).
    case retry(error: String, retryAt: Int64)
}
