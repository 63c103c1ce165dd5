// PullRequestInfo: what the platform API says about a pull request when a review starts.

/// Facts about a pull request, fetched from the platform when the review runs (the webhook's
/// copy may be stale or incomplete).
public struct PullRequestInfo: Hashable, Sendable {
    public var number: Int
    public var title: String
    public var description: String
    public var author: String
    public var sourceBranch: String
    public var targetBranch: String
    public var headSHA: String
    /// The commit the diff is taken against (merge base where the platform exposes it, else the
    /// target branch tip). Config and prompts are read here.
    public var baseSHA: String
    /// GitLab's `diff_refs.start_sha` (needed to anchor comments); nil elsewhere.
    public var startSHA: String?
    public var isDraft: Bool
    /// `open`, `closed` or `merged`.
    public var state: String
    /// Platform details an adapter needs later (Azure's latest iteration id, …).
    public var attributes: [String: String]

    public init(number: Int, title: String, description: String, author: String, sourceBranch: String, targetBranch: String,
                headSHA: String, baseSHA: String, startSHA: String? = nil, isDraft: Bool = false, state: String = "open",
                attributes: [String: String] = [:]) {
        self.number = number
        self.title = title
        self.description = description
        self.author = author
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.headSHA = headSHA
        self.baseSHA = baseSHA
        self.startSHA = startSHA
        self.isDraft = isDraft
        self.state = state
        self.attributes = attributes
    }
}
