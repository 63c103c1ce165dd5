// DeliveryOutcome: the values of `webhook_deliveries.outcome` the stores write themselves.

/// What happened to a delivery, as recorded in `webhook_deliveries.outcome`. `.record(outcome:)`
/// stores its own string (`draft`, `event_ignored`, …); these are the ones a store decides.
/// Duplicate deliveries are not recorded again (the first row keeps its outcome).
public enum DeliveryOutcome: String, Sendable, CaseIterable {
    /// A new job was created.
    case queued
    /// A new job was created and older jobs of the PR were superseded (queued ones cancelled,
    /// running ones asked to stop).
    case supersededOlder = "superseded_older"
    /// A job for this repository, PR and head already existed.
    case duplicateJob = "duplicate_job"
    /// The PR was closed or merged; its jobs were cancelled or asked to stop.
    case cancelled
    /// The repository is registered but disabled.
    case repoNotEnabled = "repo_not_enabled"
}
