// IngestionRequest: one verified, decoded webhook delivery and what the store should do with it.

public import LoomCore

/// Input of `Store.ingest`.
public struct IngestionRequest: Sendable {
    public var platform: Platform
    /// De-duplication key; nil when the platform sent none (then nothing is de-duplicated).
    public var deliveryID: String?
    /// Event name for the deliveries table (`pull_request`, `Merge Request Hook`, …).
    public var event: String
    public var repository: RepositoryRef
    public var action: IngestionAction
    /// Wall-clock nanoseconds; also the new job's `created_at` and `run_at`.
    public var receivedAt: Int64

    public init(platform: Platform, deliveryID: String?, event: String, repository: RepositoryRef,
                action: IngestionAction, receivedAt: Int64) {
        self.platform = platform
        self.deliveryID = deliveryID
        self.event = event
        self.repository = repository
        self.action = action
        self.receivedAt = receivedAt
    }
}

/// The effect of a delivery.
public enum IngestionAction: Sendable {
    /// Create a job for this head (unless one exists) and supersede older queued jobs of the PR.
    case enqueue(NewJob)
    /// Cancel the PR's queued jobs and flag its running ones to stop (closed or merged);
    /// `reason` (e.g. `pr_closed`) becomes the cancelled jobs' reason.
    case cancelPullRequest(number: Int, reason: String)
    /// Only remember the delivery (drafts, refused repositories; `outcome` names why and is
    /// stored as the delivery's outcome). Registers no repository and touches no job.
    case record(outcome: String)
}

/// A job to create.
public struct NewJob: Sendable {
    /// A fresh UUID chosen by the caller, so the 202 can name it.
    public var id: String
    public var prNumber: Int
    public var headSHA: String
    public var baseSHA: String?
    public var priority: Int
    public var maxAttempts: Int
    public var metadata: [String: String]

    public init(id: String, prNumber: Int, headSHA: String, baseSHA: String?, priority: Int = 0, maxAttempts: Int = 5,
                metadata: [String: String] = [:]) {
        self.id = id
        self.prNumber = prNumber
        self.headSHA = headSHA
        self.baseSHA = baseSHA
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.metadata = metadata
    }
}

/// What `Store.ingest` did.
public enum IngestionOutcome: Equatable, Sendable {
    /// The delivery id was seen before; nothing changed.
    case duplicateDelivery
    /// The repository is registered but disabled (`loom repos disable`); the delivery was
    /// recorded (`repo_not_enabled`), nothing else changed.
    case repositoryDisabled
    /// A new job; `superseded` lists the ids of older queued jobs of the PR it cancelled.
    case jobCreated(Job, superseded: [String])
    /// A job for this (repository, PR, head) already exists; no second one.
    case jobExists(Job)
    /// Queued jobs of a closed PR were cancelled (possibly none); running ones were only flagged
    /// to stop and are not listed.
    case cancelled(jobIDs: [String])
    /// The delivery was recorded, nothing else to do.
    case recorded
}
