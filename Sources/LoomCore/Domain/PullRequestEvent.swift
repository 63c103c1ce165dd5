// PullRequestEvent: one verified webhook delivery decoded into what Loom needs, for every platform.

/// What a pull-request webhook asks Loom to do.
public enum WebhookIntent: Equatable, Sendable {
    /// Review the head commit: new PR, new commits, reopened, or ready for review.
    case review(ReviewTrigger)
    /// The PR was closed or merged: cancel its queued jobs.
    case cancel(reason: String)
    /// Nothing to do (`event_ignored`): another event or action, or an update without new commits.
    case ignore(reason: String)
}

/// Why a review was asked for.
public enum ReviewTrigger: String, Sendable, Codable {
    case opened
    case newCommits = "new_commits"
    case reopened
    case readyForReview = "ready_for_review"
}

/// A decoded webhook: the platform-independent facts of one delivery.
public struct PullRequestEvent: Sendable {
    public var platform: Platform
    /// The platform's delivery id, used for de-duplication (nil when the platform sent none).
    public var deliveryID: String?
    /// The event name as the platform calls it (`pull_request`, `Merge Request Hook`, `git.pullrequest.created`).
    public var eventName: String
    /// The action within the event (`opened`, `update`, …), empty when the event has none.
    public var action: String
    public var intent: WebhookIntent
    public var repository: RepositoryRef
    public var number: Int
    /// The head commit. Always present for a `.review` intent, except on GitLab where the payload
    /// may lack it (then `last_commit.id` is used) — decoders refuse reviews without one.
    public var headSHA: String?
    /// The base commit where the payload has it (GitLab's hook does not; the worker asks the API).
    public var baseSHA: String?
    public var sourceBranch: String?
    public var targetBranch: String?
    public var isDraft: Bool
    public var author: String?
    public var title: String?
    /// Extra platform facts a worker needs later (GitLab project id, Azure project and organization).
    public var attributes: [String: String]

    public init(platform: Platform, deliveryID: String?, eventName: String, action: String, intent: WebhookIntent,
                repository: RepositoryRef, number: Int, headSHA: String? = nil, baseSHA: String? = nil,
                sourceBranch: String? = nil, targetBranch: String? = nil, isDraft: Bool = false, author: String? = nil,
                title: String? = nil, attributes: [String: String] = [:]) {
        self.platform = platform
        self.deliveryID = deliveryID
        self.eventName = eventName
        self.action = action
        self.intent = intent
        self.repository = repository
        self.number = number
        self.headSHA = headSHA
        self.baseSHA = baseSHA
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.isDraft = isDraft
        self.author = author
        self.title = title
        self.attributes = attributes
    }
}
