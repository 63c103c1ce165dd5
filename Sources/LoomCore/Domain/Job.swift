// Job: one review of one pull request head, as stored and as the admin API shows it.

/// A review job. Unique per (repository, PR number, head SHA).
public struct Job: Hashable, Sendable {
    /// A UUID, the id the webhook response and `/api/jobs/{id}` use.
    public var id: String
    public var repositoryID: Int64
    public var platform: Platform
    /// The repository's full name (`owner/repo`).
    public var repository: String
    public var prNumber: Int
    public var headSHA: String
    public var baseSHA: String?
    public var status: JobStatus
    /// Why a job was skipped or cancelled (`superseded`, `pr_closed`, `draft`, `review_engine_unavailable`, …).
    public var reason: String?
    /// Higher runs first.
    public var priority: Int
    public var attempts: Int
    public var maxAttempts: Int
    /// Wall-clock nanoseconds before which the job must not start (backoff after a failure).
    public var runAt: Int64
    /// Which worker holds the job while `processing`, and until when.
    public var leaseOwner: String?
    public var leaseExpiresAt: Int64?
    /// The last failure's message.
    public var error: String?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var completedAt: Int64?
    /// Facts from the webhook the worker needs (branches, author, title, draft, trigger,
    /// platform attributes), kept as string pairs so every store can hold them the same way.
    public var metadata: [String: String]

    public init(id: String, repositoryID: Int64, platform: Platform, repository: String, prNumber: Int, headSHA: String,
                baseSHA: String? = nil, status: JobStatus = .queued, reason: String? = nil, priority: Int = 0,
                attempts: Int = 0, maxAttempts: Int = 5, runAt: Int64, leaseOwner: String? = nil,
                leaseExpiresAt: Int64? = nil, error: String? = nil, createdAt: Int64, startedAt: Int64? = nil,
                completedAt: Int64? = nil, metadata: [String: String] = [:]) {
        self.id = id
        self.repositoryID = repositoryID
        self.platform = platform
        self.repository = repository
        self.prNumber = prNumber
        self.headSHA = headSHA
        self.baseSHA = baseSHA
        self.status = status
        self.reason = reason
        self.priority = priority
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.metadata = metadata
    }
}

/// How one run of a job ended; the scheduler turns it into the next state.
public enum JobOutcome: Equatable, Sendable {
    case completed
    case skipped(reason: String)
    /// A failure that may succeed later; retried with backoff while attempts remain.
    case retry(error: String, after: Duration? = nil)
    /// A failure that will not get better by retrying.
    case failed(error: String)
    /// Stopped because the PR moved on (newer head, closed) or an operator cancelled it.
    case cancelled(reason: String)
}
