// SummaryReport: everything the summary comment tells — findings, coverage, pipelines, usage, notes.

public import LoomCore
public import LoomLLM

/// The facts of one finished review, as `SummaryRenderer` needs them.
public struct SummaryReport: Hashable, Sendable {
    /// How one pipeline went.
    public struct Pipeline: Hashable, Sendable {
        /// Whether the pipeline produced its findings.
        public enum Status: Hashable, Sendable {
            case ok
            /// The model failed after its retries (or the pipeline could not run), and why.
            case failed(String)
        }

        public var name: String
        /// The model name, as configured or as the API reported it.
        public var model: String
        public var status: Status
        /// Findings parsed from its replies (before caps and anchoring).
        public var findings: Int
        public var usage: TokenUsage
        /// Model calls made (one per chunk).
        public var chunks: Int
        /// Items of its replies dropped as invalid.
        public var droppedItems: Int
        /// Replies in which no findings JSON could be found.
        public var unreadableReplies: Int

        public init(name: String, model: String, status: Status, findings: Int = 0, usage: TokenUsage = .zero,
                    chunks: Int = 0, droppedItems: Int = 0, unreadableReplies: Int = 0) {
            self.name = name
            self.model = model
            self.status = status
            self.findings = findings
            self.usage = usage
            self.chunks = chunks
            self.droppedItems = droppedItems
            self.unreadableReplies = unreadableReplies
        }
    }

    /// An inline comment the platform refused; its finding is listed in the summary instead.
    public struct Rejected: Hashable, Sendable {
        public var finding: AnchoredFinding
        public var reason: String

        public init(finding: AnchoredFinding, reason: String) {
            self.finding = finding
            self.reason = reason
        }
    }

    /// The pull request edits `.loom/`: the review used the base branch's configuration.
    public struct ConfigChange: Hashable, Sendable {
        /// The changed paths under `.loom/`.
        public var paths: [String]
        /// Validation errors of the new configuration (`file:line: message`), empty when valid.
        public var validationErrors: [String]

        public init(paths: [String], validationErrors: [String] = []) {
            self.paths = paths
            self.validationErrors = validationErrors
        }
    }

    /// The head commit reviewed.
    public var headSHA: String?
    public var plan: OutputPlan
    public var rejected: [Rejected]
    /// Files in the pull request's diff.
    public var totalFiles: Int
    /// Files at least one pipeline reviewed (wholly or in part).
    public var reviewedFiles: Int
    /// What was not reviewed, and why (binary, too large, matched by no pipeline, …).
    public var skipped: [SkippedFile]
    /// Model calls over all pipelines.
    public var chunks: Int
    public var pipelines: [Pipeline]
    /// Wall time of the whole review.
    public var durationSeconds: Double
    /// Set when the pull request edits `.loom/`.
    public var configChange: ConfigChange?
    /// The `output` limits, quoted when findings overflowed them.
    public var maxComments: Int
    public var maxCommentsPerFile: Int

    public init(headSHA: String? = nil, plan: OutputPlan, rejected: [Rejected] = [], totalFiles: Int, reviewedFiles: Int,
                skipped: [SkippedFile] = [], chunks: Int, pipelines: [Pipeline], durationSeconds: Double,
                configChange: ConfigChange? = nil, maxComments: Int = 50, maxCommentsPerFile: Int = 10) {
        self.headSHA = headSHA
        self.plan = plan
        self.rejected = rejected
        self.totalFiles = totalFiles
        self.reviewedFiles = reviewedFiles
        self.skipped = skipped
        self.chunks = chunks
        self.pipelines = pipelines
        self.durationSeconds = durationSeconds
        self.configChange = configChange
        self.maxComments = maxComments
        self.maxCommentsPerFile = maxCommentsPerFile
    }

    /// Tokens over all pipelines.
    public var usage: TokenUsage { pipelines.reduce(.zero) { $0 + $1.usage } }

    /// The distinct models used, in pipeline order.
    public var models: [String] {
        pipelines.reduce(into: [String]()) { if !$0.contains($1.model) { $0.append($1.model) } }
    }

    /// Every finding the summary accounts for: posted (or rejected), over the limits, outside
    /// the diff, or already posted before. (`rejected` findings are among `plan.inline`.)
    public var allFindings: [AnchoredFinding] { plan.reported }
}
