// ReviewRecord: what a finished review stored — its counts, model, tokens, duration and findings.

public import LoomCore

/// One review of one job (SPEC §7 `reviews`).
public struct ReviewRecord: Hashable, Sendable {
    public var jobID: String
    public var prTitle: String?
    public var prAuthor: String?
    public var blockers: Int
    public var warnings: Int
    public var infos: Int
    /// The model(s) used, comma-separated when pipelines used several.
    public var model: String?
    public var tokensIn: Int
    public var tokensOut: Int
    public var durationMilliseconds: Int
    public var summaryCommentID: String?
    public var createdAt: Int64

    public init(jobID: String, prTitle: String? = nil, prAuthor: String? = nil, blockers: Int = 0, warnings: Int = 0,
                infos: Int = 0, model: String? = nil, tokensIn: Int = 0, tokensOut: Int = 0, durationMilliseconds: Int = 0,
                summaryCommentID: String? = nil, createdAt: Int64) {
        self.jobID = jobID
        self.prTitle = prTitle
        self.prAuthor = prAuthor
        self.blockers = blockers
        self.warnings = warnings
        self.infos = infos
        self.model = model
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.durationMilliseconds = durationMilliseconds
        self.summaryCommentID = summaryCommentID
        self.createdAt = createdAt
    }
}

/// One finding of a review (SPEC §7 `findings`).
public struct FindingRecord: Hashable, Sendable {
    public var pipeline: String
    public var path: String
    public var line: Int?
    public var severity: Severity
    public var category: String?
    public var message: String
    public var suggestion: String?
    public var fingerprint: String
    /// The platform's id for the inline comment, nil when the finding went to the summary.
    public var platformCommentID: String?
    public var postedAt: Int64?

    public init(pipeline: String, path: String, line: Int?, severity: Severity, category: String? = nil, message: String,
                suggestion: String? = nil, fingerprint: String, platformCommentID: String? = nil, postedAt: Int64? = nil) {
        self.pipeline = pipeline
        self.path = path
        self.line = line
        self.severity = severity
        self.category = category
        self.message = message
        self.suggestion = suggestion
        self.fingerprint = fingerprint
        self.platformCommentID = platformCommentID
        self.postedAt = postedAt
    }
}
